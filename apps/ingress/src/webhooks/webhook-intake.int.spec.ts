import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { eventually, senderFixture } from '@hookline/testing';
import { type RunningIngress, startIngress, watchAlerts } from '../testing/ingress-harness';

const alertmanagerTwoAlerts = () => ({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{alertname="InstanceDown",run="${randomUUID()}"}` });

describe('webhook intake against the real Kafka and Postgres', () => {
  let ingress: RunningIngress;
  let watcher: Awaited<ReturnType<typeof watchAlerts>>;

  beforeAll(async () => {
    ingress = await startIngress();
    watcher = await watchAlerts();
  });
  afterAll(async () => {
    await watcher.stop();
    await ingress.close();
  });

  const createIntegration = (body: Record<string, unknown>) => ingress.createIntegration(body);
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) => ingress.post(path, body, headers);

  /** Sends the chunks with `Transfer-Encoding: chunked` (no length up front); resolves with the status, however early it comes. */
  function postChunked(path: string, chunks: Buffer[], headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${ingress.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      // The server may answer and close before the last chunk is written.
      request.on('error', reject);
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });
  }

  const alertsOf = (integrationId: string) => watcher.alerts.filter((alert) => alert.data.integrationId === integrationId);

  it('publishes one alert per Alertmanager alert and answers 202 once Kafka has them', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const response = await post(`/webhooks/${id}`, JSON.stringify(alertmanagerTwoAlerts()), { authorization: `Bearer ${secret}` });

    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'accepted', alerts: 2 });
    await eventually(() => expect(alertsOf(id).map((alert) => [alert.type, alert.data.fingerprint]).sort()).toEqual([
      ['alert.fired', 'f404ecabc8dd5cd7'],
      ['alert.fired', 'f8f08d4e32c61a9d'],
    ]));
  });

  it("stamps the integration's incident policy on every alert it produces, and a changed policy on the next delivery", async () => {
    const incidentPolicy = { threshold: 3, windowSeconds: 120, autoResolveAfterSeconds: 3_600 };
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' }, incidentPolicy });

    expect((await post(`/webhooks/${id}`, JSON.stringify(alertmanagerTwoAlerts()), { authorization: `Bearer ${secret}` })).status).toBe(202);
    await eventually(() => expect(alertsOf(id).map((alert) => alert.data.grouping)).toEqual([incidentPolicy, incidentPolicy]));

    expect((await ingress.admin('PATCH', `/api/integrations/${id}`, { incidentPolicy: null })).status).toBe(200);
    await eventually(async () => {
      expect((await post(`/webhooks/${id}`, JSON.stringify(alertmanagerTwoAlerts()), { authorization: `Bearer ${secret}` })).status).toBe(202);
      expect(alertsOf(id).at(-1)?.data.grouping).toBeUndefined();
    });
  });

  it('answers a second copy of the same delivery 200 duplicate without publishing it again', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const body = JSON.stringify(alertmanagerTwoAlerts());

    const first = await post(`/webhooks/${id}`, body, { authorization: `Bearer ${secret}` });
    const second = await post(`/webhooks/${id}`, body, { authorization: `Bearer ${secret}` });

    expect([first.status, second.status]).toEqual([202, 200]);
    expect(await second.json()).toMatchObject({ status: 'duplicate' });
    await eventually(() => expect(alertsOf(id)).toHaveLength(2));
  });

  it('refuses a wrong credential with 401 and records it in the delivery log', async () => {
    const { id } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const response = await post(`/webhooks/${id}`, JSON.stringify(alertmanagerTwoAlerts()), { authorization: 'Bearer wrong' });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await eventually(async () => {
      const log = await ingress.admin('GET', `/api/integrations/${id}/deliveries`);
      expect(log.body['deliveries']).toEqual([expect.objectContaining({ outcome: 'unauthorized', httpStatus: 401, alerts: 0 })]);
    });
    expect(alertsOf(id)).toHaveLength(0);
  });

  it('verifies a Standard Webhooks signature over the raw bytes, with both secrets during a rotation', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'standard-webhooks' } });
    const sign = (key: string, messageId: string, body: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', Buffer.from(key.replace(/^whsec_/, ''), 'base64')).update(`${messageId}.${timestamp}.${body}`).digest('base64');
      return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
    };
    const rotated = await ingress.admin('POST', `/api/integrations/${id}/rotate-secret`);
    const newSecret = String(rotated.body['secret']);

    const bodies = [JSON.stringify(alertmanagerTwoAlerts()), JSON.stringify(alertmanagerTwoAlerts())];
    const withOld = await post(`/webhooks/${id}`, bodies[0] ?? '', sign(secret ?? '', 'msg_old', bodies[0] ?? ''));
    const withNew = await post(`/webhooks/${id}`, bodies[1] ?? '', sign(newSecret, 'msg_new', bodies[1] ?? ''));
    const tampered = await post(`/webhooks/${id}`, `${bodies[1]} `, sign(newSecret, 'msg_tampered', bodies[1] ?? ''));

    expect([withOld.status, withNew.status, tampered.status]).toEqual([202, 202, 401]);
    expect(rotated.body['previousSecretExpiresAt']).toEqual(expect.any(String));
  });

  it('lists what is wrong with a malformed payload in a 400', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const response = await post(`/webhooks/${id}`, JSON.stringify({ version: '4', alerts: 'none' }), { authorization: `Bearer ${secret}` });

    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: string[] };
    expect(problem.errors.join('\n')).toMatch(/alerts/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const response = await post(`/webhooks/${id}`, Buffer.alloc(1024 * 1024 + 1, 'a'), { authorization: `Bearer ${secret}` });

    expect(response.status).toBe(413);
  });

  it('refuses a body sent without a length that grows over the size limit with 413 and records it', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const status = await postChunked(`/webhooks/${id}`, [Buffer.alloc(600 * 1024, 'a'), Buffer.alloc(600 * 1024, 'a')], { authorization: `Bearer ${secret}` });

    expect(status).toBe(413);
    await eventually(async () => {
      const log = await ingress.admin('GET', `/api/integrations/${id}/deliveries`);
      expect(log.body['deliveries']).toEqual([expect.objectContaining({ outcome: 'too_large', httpStatus: 413 })]);
    });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const response = await post(`/webhooks/${id}`, 'a=b', { authorization: `Bearer ${secret}`, 'content-type': 'application/x-www-form-urlencoded' });

    expect(response.status).toBe(415);
  });

  it('refuses a sender outside the IP allowlist with 403', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' }, allowedIps: ['192.0.2.0/24'] });

    const response = await post(`/webhooks/${id}`, JSON.stringify(alertmanagerTwoAlerts()), { authorization: `Bearer ${secret}` });

    expect(response.status).toBe(403);
  });

  it('answers 429 with Retry-After and the limit once an integration exceeds its rate', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' }, rateLimitPerMinute: 1 });

    await post(`/webhooks/${id}`, JSON.stringify(alertmanagerTwoAlerts()), { authorization: `Bearer ${secret}` });
    const limited = await post(`/webhooks/${id}`, JSON.stringify(alertmanagerTwoAlerts()), { authorization: `Bearer ${secret}` });

    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ integrationId: id, limitPerMinute: 1 });
  });

  it('answers 404 for an unknown or disabled integration', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    await ingress.admin('DELETE', `/api/integrations/${id}`);

    const disabled = await post(`/webhooks/${id}`, '{}', { authorization: `Bearer ${secret}` });
    const unknown = await post('/webhooks/int_nosuchintegration00000', '{}');

    expect([disabled.status, unknown.status]).toEqual([404, 404]);
  });

  it('takes PagerDuty Events v2 on /v2/enqueue and answers like PagerDuty', async () => {
    const { id, secret } = await createIntegration({ source: 'pagerduty', auth: { scheme: 'routing-key' } });
    const trigger = { ...(senderFixture('pagerduty-events-v2')['trigger'] as Record<string, unknown>), routing_key: secret, dedup_key: `disk-${randomUUID()}` };

    const response = await post('/v2/enqueue', JSON.stringify(trigger));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: trigger.dedup_key });
    await eventually(() => expect(alertsOf(id).map((alert) => alert.type)).toEqual(['alert.fired']));
  });

  it('never shows a secret after creation', async () => {
    const { id, secret } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const shown = JSON.stringify([await ingress.admin('GET', `/api/integrations/${id}`), await ingress.admin('GET', '/api/integrations')]);

    expect(id).toMatch(/^int_[A-Za-z0-9_-]{22}$/);
    expect(shown).not.toContain(String(secret));
  });

  it('refuses the admin API without the admin token', async () => {
    const response = await fetch(`${ingress.url}/api/integrations`, { headers: { authorization: 'Bearer nope' } });

    expect(response.status).toBe(401);
  });

  it('sends a clearly marked test alert through the pipeline', async () => {
    const { id } = await createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const response = await ingress.admin('POST', `/api/integrations/${id}/test`);

    expect(response.status).toBe(202);
    await eventually(() => expect(alertsOf(id)).toEqual([expect.objectContaining({ data: expect.objectContaining({ test: true, alertName: 'HooklineTestAlert' }) })]));
  });
});

describe('webhook intake when Kafka is unreachable', () => {
  it('answers 503 with Retry-After instead of acknowledging what is not durable', async () => {
    const ingress = await startIngress({ KAFKA_BROKERS: '127.0.0.1:1', INGRESS_PUBLISH_TIMEOUT_MS: '1500' });
    try {
      const created = await ingress.admin('POST', '/api/integrations', { name: 'spec', source: 'alertmanager', auth: { scheme: 'bearer' } });
      const response = await fetch(`${ingress.url}/webhooks/${String(created.body['id'])}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${String(created.body['secret'])}` },
        body: JSON.stringify(alertmanagerTwoAlerts()),
      });

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
    } finally {
      await ingress.close();
    }
  });
});
