import { createHmac, randomUUID } from 'node:crypto';
import { eventually, senderFixture } from '@hookline/testing';
import { type RunningIngress, startIngress } from '../testing/ingress-harness';

// Odd but valid JSON, from a sender that passed verification: a 400 that says
// what is wrong, and the same words in the delivery log; never a 500.

const oddBodies: Record<string, unknown> = { null: null, 'an array': [1, 2], 'a string': 'firing', 'a number': 42 };

/** One field of the wrong type per source, in an otherwise real payload. */
const wrongTypes = {
  alertmanager: () => ({ ...senderFixture('alertmanager-two-alerts-firing'), alerts: [{ status: 'firing', labels: 5 }] }),
  grafana: () => ({ ...senderFixture('grafana-docs-example'), alerts: { status: 'firing' } }),
  datadog: () => ({ alert_transition: 7, title: ['disk full'] }),
  pagerduty: () => ({ ...(senderFixture('pagerduty-events-v2')['trigger'] as Record<string, unknown>), payload: 'disk full' }),
  generic: () => ({ ...(senderFixture('generic-monitor-events')['down'] as Record<string, unknown>), monitor: 'web' }),
} as const;

describe('odd but valid JSON from a verified sender', () => {
  let ingress: RunningIngress;

  beforeAll(async () => {
    ingress = await startIngress();
    await ingress.ready();
  });
  afterAll(() => ingress.close());

  describe.each(Object.keys(wrongTypes) as (keyof typeof wrongTypes)[])('%s', (source) => {
    let integration: { id: string; secret?: string };
    beforeAll(async () => {
      integration = await ingress.createIntegration({ source, auth: { scheme: 'bearer' } });
    });
    const send = (body: unknown) => ingress.post(`/webhooks/${integration.id}`, JSON.stringify(body), { authorization: `Bearer ${integration.secret}` });

    it.each(Object.entries(oddBodies))('answers a body that is %s with 400 saying an object was expected', async (_name, body) => {
      const response = await send(body);

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { type: string; errors: string[] };
      expect(problem.type).toBe('urn:hookline:webhook:invalid');
      expect(problem.errors[0]).toMatch(/^\(body\): expected object/);
    });

    it('answers a field of the wrong type with 400 naming the field, and logs the same', async () => {
      const response = await send(wrongTypes[source]());

      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors: string[] };
      expect(problem.errors.length).toBeGreaterThan(0);
      await eventually(async () => {
        const logged = (await ingress.deliveries(integration.id)).find((row) => row.errorDetail?.includes(problem.errors[0] ?? '-'));
        expect(logged).toMatchObject({ outcome: 'invalid', httpStatus: 400 });
      });
    });
  });

  describe('PagerDuty Events v2 on /v2/enqueue', () => {
    it.each(Object.entries(oddBodies))('answers a body that is %s with 400 in PagerDuty’s shape', async (_name, body) => {
      const response = await ingress.post('/v2/enqueue', JSON.stringify(body));

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: 'invalid event', errors: [expect.stringMatching(/^event must be a JSON object/)] });
    });

    it('answers a field of the wrong type with 400 naming the field', async () => {
      const { secret } = await ingress.createIntegration({ source: 'pagerduty', auth: { scheme: 'routing-key' } });

      const response = await ingress.post('/v2/enqueue', JSON.stringify({ ...wrongTypes.pagerduty(), routing_key: secret }));

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [expect.stringMatching(/^payload/)] });
    });
  });

  describe('a delivery id longer than the contract allows', () => {
    const body = () => JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${randomUUID()}"}` });

    it('is a 400 saying how long it may be, from an unsigned header', async () => {
      const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

      const response = await ingress.post(`/webhooks/${id}`, body(), { authorization: `Bearer ${secret}`, 'x-delivery-id': 'd'.repeat(129) });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ detail: expect.stringMatching(/x-delivery-id is 129 characters long; a delivery id is 1 to 128/) });
      await eventually(async () => expect(await ingress.deliveries(id)).toEqual([expect.objectContaining({ outcome: 'invalid', httpStatus: 400 })]));
    });

    it('is a 400, not a 500, when the signature covers it (Standard Webhooks allows 256)', async () => {
      const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'standard-webhooks' } });
      const [messageId, timestamp, sent] = ['m'.repeat(200), String(Math.floor(Date.now() / 1000)), body()];
      const key = Buffer.from(String(secret).replace(/^whsec_/, ''), 'base64');
      const signature = createHmac('sha256', key).update(`${messageId}.${timestamp}.${sent}`).digest('base64');

      const response = await ingress.post(`/webhooks/${id}`, sent, { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ detail: expect.stringMatching(/delivery id is 200 characters long/) });
    });
  });
});
