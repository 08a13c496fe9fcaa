import { eventually, senderFixture } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import { openRaw, postHead } from '../testing/raw-http';
import { type RunningIngress, startIngress } from '../testing/ingress-harness';

// Callers who know a webhook URL but not its secret, or not even the URL:
// their refusals cost them, not the real sender. Each caller is a source
// address of its own, given in X-Forwarded-For (the ingress trusts it here).

const refusalsPerMinute = 5;
const alertmanagerBody = () => JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${randomUUID()}"}` });

describe('refusals under hostile callers', () => {
  let ingress: RunningIngress;
  let nextAddress = 1;
  /** A source address no other test has used, so each test starts with a full refusal budget. */
  const freshAddress = () => `198.51.100.${nextAddress++}`;

  beforeAll(async () => {
    ingress = await startIngress({ INGRESS_TRUST_PROXY: 'true', INGRESS_REFUSALS_PER_MINUTE: String(refusalsPerMinute) });
    await ingress.ready();
  });
  afterAll(() => ingress.close());

  describe("an integration's rate limit", () => {
    it('is spent only by verified deliveries, so unsigned requests cannot make the real sender 429', async () => {
      const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' }, rateLimitPerMinute: 2 });
      const attacker = freshAddress();

      const unsigned = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        unsigned.push((await ingress.post(`/webhooks/${id}`, alertmanagerBody(), { 'x-forwarded-for': attacker, authorization: 'Bearer guess' })).status);
      }
      const real = await ingress.post(`/webhooks/${id}`, alertmanagerBody(), { 'x-forwarded-for': freshAddress(), authorization: `Bearer ${secret}` });

      expect(unsigned).toEqual([401, 401, 401, 401]);
      expect(real.status).toBe(202);
      await eventually(async () => {
        const log = await ingress.deliveries(id);
        expect(log.filter((row) => row.outcome === 'unauthorized' && row.sourceIp === attacker)).toHaveLength(4);
        expect(log.filter((row) => row.outcome === 'accepted')).toHaveLength(1);
      });
    });
  });

  describe("a source address's refusal budget", () => {
    it('answers 429 with Retry-After once an address has had its share of refusals, and nothing else for it', async () => {
      const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
      const flooder = freshAddress();

      const statuses = [];
      for (let attempt = 0; attempt < refusalsPerMinute + 2; attempt += 1) {
        statuses.push((await ingress.post(`/webhooks/int_nosuchintegration${attempt}`, '{}', { 'x-forwarded-for': flooder })).status);
      }
      const limited = await ingress.post(`/webhooks/${id}`, alertmanagerBody(), { 'x-forwarded-for': flooder, authorization: `Bearer ${secret}` });

      expect(statuses).toEqual([...Array<number>(refusalsPerMinute).fill(404), 429, 429]);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ type: 'urn:hookline:webhook:rate_limited', detail: expect.stringContaining(flooder) });
    });

    it('leaves other addresses alone: a real sender is answered while one address floods', async () => {
      const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
      const flooder = freshAddress();
      for (let attempt = 0; attempt < refusalsPerMinute + 5; attempt += 1) {
        await ingress.post(`/webhooks/${id}`, 'junk', { 'x-forwarded-for': flooder, authorization: `Bearer ${secret}` });
      }

      const real = await ingress.post(`/webhooks/${id}`, alertmanagerBody(), { 'x-forwarded-for': freshAddress(), authorization: `Bearer ${secret}` });

      expect(real.status).toBe(202);
      // Only the refusals within the budget reach the delivery log: a flood costs no record per request.
      await eventually(async () => expect((await ingress.deliveries(id)).filter((row) => row.sourceIp === flooder)).toHaveLength(refusalsPerMinute));
    });
  });

  describe('checks made before the body is read', () => {
    /** Sends the head of a request that announces a body and never sends it; resolves with the answer. */
    async function announceBodyAndStall(path: string, headers: Record<string, string>) {
      const connection = await openRaw(ingress.url);
      connection.write(postHead(path, { 'x-forwarded-for': freshAddress(), 'content-length': '4096', ...headers }));
      return connection.closed;
    }

    it('refuses a wrong bearer token with 401 without waiting for the body', async () => {
      const { id } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

      const answer = await announceBodyAndStall(`/webhooks/${id}`, { 'content-type': 'application/json', authorization: 'Bearer guess' });

      expect(answer.status).toBe(401);
    });

    it('refuses a delivery without its signature header with 401 without waiting for the body', async () => {
      const { id } = await ingress.createIntegration({ source: 'grafana', auth: { scheme: 'hmac', preset: 'grafana' } });

      const answer = await announceBodyAndStall(`/webhooks/${id}`, { 'content-type': 'application/json' });

      expect(answer.status).toBe(401);
      expect(answer.head).toMatch(/connection: close/i);
    });

    it('refuses /v2/enqueue without a JSON content type with 415 without waiting for the body', async () => {
      const answer = await announceBodyAndStall('/v2/enqueue', { 'content-type': 'text/plain' });

      expect(answer.status).toBe(415);
    });

    it('refuses a /v2/enqueue body over its own 512 KiB limit with 413 without waiting for it', async () => {
      const connection = await openRaw(ingress.url);
      connection.write(postHead('/v2/enqueue', { 'x-forwarded-for': freshAddress(), 'content-type': 'application/json', 'content-length': String(512 * 1024 + 1) }));

      const answer = await connection.closed;

      expect(answer.status).toBe(413);
    });

    it('refuses a /v2/enqueue body that grows over its limit with 413', async () => {
      const { secret } = await ingress.createIntegration({ source: 'pagerduty', auth: { scheme: 'routing-key' } });
      const padded = JSON.stringify({ routing_key: secret, event_action: 'trigger', pad: 'a'.repeat(600 * 1024) });

      const response = await ingress.post('/v2/enqueue', padded, { 'x-forwarded-for': freshAddress() });

      expect(response.status).toBe(413);
    });
  });
});
