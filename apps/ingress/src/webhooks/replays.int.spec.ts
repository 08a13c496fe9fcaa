import { eventually, senderFixture } from '@hookline/testing';
import { createHmac, randomUUID } from 'node:crypto';
import { startWatchedIngress, type WatchedIngress } from '../testing/ingress-harness';

// Replays of schemes without a signed timestamp: someone who captured one
// signed delivery sends it again with a new, unsigned delivery id. The
// duplicate check keys on what the signature covers, so the replay is a
// duplicate, whatever its delivery-id header says.

interface Scheme {
  auth: Record<string, unknown>;
  /** The headers of a genuine delivery of `body`, signed with `secret`. */
  sign(secret: string, body: string): Record<string, string>;
  /** The unsigned delivery-id header the replay changes. */
  idHeader: string;
}

const hmacHex = (secret: string, content: string) => createHmac('sha256', secret).update(content).digest('hex');

const schemes: Record<string, Scheme> = {
  'GitHub-style HMAC': {
    auth: { scheme: 'hmac', preset: 'github' },
    sign: (secret, body) => ({ 'x-hub-signature-256': `sha256=${hmacHex(secret, body)}` }),
    idHeader: 'x-github-delivery',
  },
  'Grafana without its timestamp header': {
    auth: { scheme: 'hmac', preset: 'grafana' },
    sign: (secret, body) => ({ 'x-grafana-alerting-signature': hmacHex(secret, body) }),
    idHeader: 'x-delivery-id',
  },
  'PagerDuty v3': {
    auth: { scheme: 'hmac', preset: 'pagerduty-v3' },
    sign: (secret, body) => ({ 'x-pagerduty-signature': `v1=${hmacHex(secret, body)}` }),
    idHeader: 'x-webhook-id',
  },
  bearer: {
    auth: { scheme: 'bearer' },
    sign: (secret) => ({ authorization: `Bearer ${secret}` }),
    idHeader: 'idempotency-key',
  },
  basic: {
    auth: { scheme: 'basic', username: 'alertmanager' },
    sign: (secret) => ({ authorization: `Basic ${Buffer.from(`alertmanager:${secret}`).toString('base64')}` }),
    idHeader: 'x-delivery-id',
  },
};

describe('replays with a changed unsigned delivery id', () => {
  let ingress: WatchedIngress;

  beforeAll(async () => {
    ingress = await startWatchedIngress();
  });
  afterAll(() => ingress.close());

  const body = () => JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${randomUUID()}"}` });

  it.each(Object.entries(schemes))('%s: a replay is answered 200 duplicate and publishes nothing', async (_name, scheme) => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: scheme.auth });
    const sent = body();
    const signed = scheme.sign(String(secret), sent);

    const original = await ingress.post(`/webhooks/${id}`, sent, { ...signed, [scheme.idHeader]: 'delivery-1' });
    const replay = await ingress.post(`/webhooks/${id}`, sent, { ...signed, [scheme.idHeader]: 'delivery-2' });
    const next = body();
    const genuine = await ingress.post(`/webhooks/${id}`, next, { ...scheme.sign(String(secret), next), [scheme.idHeader]: 'delivery-3' });

    expect([original.status, replay.status, genuine.status]).toEqual([202, 200, 202]);
    expect(await replay.json()).toMatchObject({ status: 'duplicate' });
    await eventually(async () => {
      expect((await ingress.deliveries(id)).map((row) => row.outcome).sort()).toEqual(['accepted', 'accepted', 'duplicate']);
      // Two alerts per delivery: the original's and the genuine next one's, none from the replay.
      expect(ingress.alerts.filter((alert) => alert.data.integrationId === id)).toHaveLength(4);
    });
  });
});
