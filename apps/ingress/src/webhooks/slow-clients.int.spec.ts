import { eventually } from '@hookline/testing';
import { openRaw, postHead } from '../testing/raw-http';
import { type RunningIngress, startIngress } from '../testing/ingress-harness';

// Slow clients are cut off: whatever a client does with its socket, it holds
// it for a bounded time. The timeouts are short here so the spec is quick;
// the bound asserted leaves room for Node's check interval and a busy machine.

const timeoutMs = 1_000;
const slack = 2_500;

describe('slow clients', () => {
  let ingress: RunningIngress;

  beforeAll(async () => {
    ingress = await startIngress({
      INGRESS_HEADERS_TIMEOUT_MS: String(timeoutMs),
      INGRESS_BODY_TIMEOUT_MS: String(timeoutMs),
      INGRESS_IDLE_TIMEOUT_MS: String(timeoutMs),
    });
    await ingress.ready();
  });
  afterAll(() => ingress.close());

  /** Writes `chunk` every 100 ms until the server closes the connection. */
  function dribble(connection: Awaited<ReturnType<typeof openRaw>>, chunk: string): void {
    const timer = setInterval(() => connection.write(chunk), 100);
    void connection.closed.then(() => clearInterval(timer));
  }

  it('answers a body that never finishes with 408 within the body timeout, and logs it', async () => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const connection = await openRaw(ingress.url);
    connection.write(postHead(`/webhooks/${id}`, { 'content-type': 'application/json', authorization: `Bearer ${secret}`, 'content-length': '100000' }));
    dribble(connection, ' ');

    const answer = await connection.closed;

    expect(answer.status).toBe(408);
    expect(answer.closedAfterMs).toBeLessThan(timeoutMs + slack);
    await eventually(async () =>
      expect(await ingress.deliveries(id)).toEqual([
        expect.objectContaining({ httpStatus: 408, outcome: 'invalid', errorDetail: expect.stringMatching(/^body not received within 1000 ms/) }),
      ]),
    );
  });

  it('answers headers that never finish with 408 and closes within the headers timeout', async () => {
    const connection = await openRaw(ingress.url);
    connection.write('POST /webhooks/int_x HTTP/1.1\r\nHost: hookline\r\n');
    dribble(connection, 'x-slow: 1\r\n');

    const answer = await connection.closed;

    expect(answer.status).toBe(408);
    expect(answer.closedAfterMs).toBeLessThan(timeoutMs + slack);
  });

  it('closes a connection that never sends a byte', async () => {
    const connection = await openRaw(ingress.url);

    const answer = await connection.closed;

    expect(answer.closedAfterMs).toBeLessThan(timeoutMs + slack);
  });

  it('closes a kept-alive connection left idle after its request', async () => {
    const connection = await openRaw(ingress.url);
    connection.write('GET /healthz HTTP/1.1\r\nHost: hookline\r\n\r\n');

    const answer = await connection.closed;

    expect(answer.status).toBe(200);
    expect(answer.closedAfterMs).toBeLessThan(timeoutMs + slack);
  });
});

describe('the connection cap', () => {
  let ingress: RunningIngress;

  beforeAll(async () => {
    ingress = await startIngress({ INGRESS_MAX_CONNECTIONS: '2', INGRESS_HEADERS_TIMEOUT_MS: '30000' });
  });
  afterAll(() => ingress.close());

  it('closes a connection beyond the cap at once, without an answer', async () => {
    const holders = await Promise.all([openRaw(ingress.url), openRaw(ingress.url)]);
    // Both accepted and counted before the next one arrives.
    holders.forEach((holder) => holder.write('GET /healthz HTTP/1.1\r\nHost: hookline\r\n'));
    const server = ingress.app.getHttpServer();
    await eventually(
      () =>
        new Promise<void>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : count === 2 ? resolve() : reject(new Error(`${count} connections`))))),
    );

    const extra = await openRaw(ingress.url);
    const answer = await extra.closed;

    expect(answer.status).toBeUndefined();
    expect(answer.closedAfterMs).toBeLessThan(1_000);
    holders.forEach((holder) => holder.socket.destroy());
  });
});
