import { eventually, senderFixture } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import { startWatchedIngress, type WatchedIngress } from '../testing/ingress-harness';

// Text nothing downstream can store is made safe at the door; the alert says
// where, and flows on (the end-to-end spec test/src/hostile-text.spec.ts sees it open an incident).

describe('webhook text that Postgres cannot store', () => {
  let ingress: WatchedIngress;

  beforeAll(async () => {
    ingress = await startWatchedIngress();
  });
  afterAll(() => ingress.close());

  it('is replaced with U+FFFD, recorded on the alert, and the delivery accepted', async () => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const payload = senderFixture('alertmanager-two-alerts-firing');
    const [first] = payload['alerts'] as Record<string, unknown>[];
    const body = JSON.stringify({
      ...payload,
      groupKey: `{}:{run="${randomUUID()}"}`,
      alerts: [{ ...first, labels: { ...(first?.['labels'] as object), instance: 'db-1\u0000' }, annotations: { summary: 'full \ud83d disk' } }],
    });

    const response = await ingress.post(`/webhooks/${id}`, body, { authorization: `Bearer ${secret}` });

    expect(response.status).toBe(202);
    const alert = await eventually(() => {
      const [published] = ingress.alerts.filter((event) => event.data.integrationId === id);
      expect(published).toBeDefined();
      return published;
    });
    expect(alert?.data).toMatchObject({ summary: 'full \ufffd disk', labels: expect.objectContaining({ instance: 'db-1\ufffd' }) });
    expect(alert?.data.sanitizedFields?.sort()).toEqual(['annotations.summary', 'labels.instance', 'summary']);
    await eventually(async () => expect(await ingress.deliveries(id)).toEqual([expect.objectContaining({ outcome: 'accepted', alerts: 1 })]));
  });

  it('is made storable in the delivery log when a refusal quotes it', async () => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const body = JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), 'version\u0000': 4, version: 4 });

    const response = await ingress.post(`/webhooks/${id}`, body, { authorization: `Bearer ${secret}` });

    expect(response.status).toBe(400);
    await eventually(async () => expect(await ingress.deliveries(id)).toEqual([expect.objectContaining({ outcome: 'invalid', httpStatus: 400 })]));
  });
});
