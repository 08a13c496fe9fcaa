import { eventually, senderFixture } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import { type WatchedIngress, startWatchedIngress } from '../testing/ingress-harness';

// An Alertmanager group of a thousand alerts with long labels: well under the
// body limit, but its alert events together are several times what Kafka takes
// in one record batch (message.max.bytes, 1 MiB by default).

function bigDelivery(alerts: number, labelBytes: number) {
  const fixture = senderFixture('alertmanager-two-alerts-firing') as { alerts: Array<Record<string, unknown>> };
  const template = fixture.alerts[0] ?? {};
  const run = randomUUID();
  return {
    ...fixture,
    groupKey: `{}:{run="${run}"}`,
    alerts: Array.from({ length: alerts }, (_, index) => ({
      ...template,
      fingerprint: `${run.slice(0, 8)}${index.toString(16).padStart(8, '0')}`,
      labels: { ...(template['labels'] as object), alertname: `DiskFull${index}`, detail: `${index}-`.padEnd(labelBytes, 'x') },
    })),
  };
}

describe('big deliveries', () => {
  let ingress: WatchedIngress;

  beforeAll(async () => {
    ingress = await startWatchedIngress();
  }, 60_000);
  afterAll(() => ingress.close());

  it('accepts an Alertmanager delivery of 1,000 alerts with long labels and publishes every alert, while a small delivery batched with it goes through too', async () => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const big = JSON.stringify(bigDelivery(1_000, 500));
    const small = JSON.stringify(bigDelivery(1, 10));
    expect(big.length).toBeLessThan(1024 * 1024);

    const [bigAnswer, smallAnswer] = await Promise.all([
      ingress.post(`/webhooks/${id}`, big, { authorization: `Bearer ${secret}` }),
      ingress.post(`/webhooks/${id}`, small, { authorization: `Bearer ${secret}` }),
    ]);

    expect(smallAnswer.status).toBe(202);
    expect(bigAnswer.status).toBe(202);
    expect(await bigAnswer.json()).toMatchObject({ status: 'accepted', alerts: 1_000 });
    await eventually(() => expect(ingress.alerts.filter((alert) => alert.data.integrationId === id)).toHaveLength(1_001), { timeoutMs: 30_000 });
  }, 60_000);
});
