import { eventually, senderFixture } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { type RunningIngress, startIngress } from '../testing/ingress-harness';

// The ingress with its Kafka unreachable (a port nothing listens on) and the
// run's real Postgres: what it answers must still reach the delivery log.

/** A port nothing listens on: one the OS just handed out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const alertmanagerBody = () => JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${randomUUID()}"}` });

describe('the delivery log while Kafka is unreachable', () => {
  let ingress: RunningIngress;

  beforeAll(async () => {
    ingress = await startIngress({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`, INGRESS_PUBLISH_TIMEOUT_MS: '1000', INGRESS_TRUST_PROXY: 'true' });
  });
  afterAll(() => ingress.close());

  it('shows the 503s answered and the refusals, written straight to Postgres', async () => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const unavailable = await ingress.post(`/webhooks/${id}`, alertmanagerBody(), { authorization: `Bearer ${secret}`, 'x-forwarded-for': '198.51.100.1' });
    const unauthorized = await ingress.post(`/webhooks/${id}`, alertmanagerBody(), { authorization: 'Bearer guess', 'x-forwarded-for': '198.51.100.2' });

    expect(unavailable.status).toBe(503);
    expect(unauthorized.status).toBe(401);
    await eventually(async () => {
      const log = await ingress.deliveries(id);
      expect(log).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ httpStatus: 503, outcome: 'unavailable', sourceIp: '198.51.100.1', alerts: 0 }),
          expect.objectContaining({ httpStatus: 401, outcome: 'unauthorized', sourceIp: '198.51.100.2' }),
        ]),
      );
      expect(log).toHaveLength(2);
    }, { timeoutMs: 15_000 });
  });

  it('counts webhooks to unknown ids and shows the most recent ones on the admin API', async () => {
    const unknownId = `int_gone${randomUUID().slice(0, 8)}`;

    for (const address of ['198.51.100.3', '198.51.100.4']) {
      expect((await ingress.post(`/webhooks/${unknownId}`, '{}', { 'x-forwarded-for': address })).status).toBe(404);
    }

    const sample = await ingress.admin('GET', '/api/unknown-integrations');
    expect(sample.status).toBe(200);
    expect((sample.body['unknownIntegrations'] as unknown[])[0]).toEqual({
      integrationId: unknownId,
      requests: 2,
      firstSeenAt: expect.any(String),
      lastSeenAt: expect.any(String),
      lastSourceIp: '198.51.100.4',
    });
    const metrics = await (await fetch(`${ingress.url}/metrics`)).text();
    expect(metrics).toMatch(/^hookline_ingress_unknown_integration_requests_total\{[^}]*\} [2-9]\d*$/m);
    expect((await fetch(`${ingress.url}/api/unknown-integrations`)).status).toBe(401);
  });
});
