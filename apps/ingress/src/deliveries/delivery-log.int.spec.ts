import { createEvent, type DeliveryEvent, topics } from '@hookline/contracts/events';
import { eventually, uniqueName } from '@hookline/testing';
import { type RunningIngress, startIngress } from '../testing/ingress-harness';
import { DeliveryLog } from './delivery-log';

describe('DeliveryLog against the real Postgres', () => {
  let ingress: RunningIngress;
  let log: DeliveryLog;

  beforeAll(async () => {
    ingress = await startIngress();
    log = ingress.app.get(DeliveryLog);
    // Closed before its consumers joined, the app would leave kafkajs retrying after the spec ended.
    await eventually(async () => expect((await fetch(`${ingress.url}/readyz`)).status).toBe(200));
  });
  afterAll(() => ingress.close());

  function record(integrationId: string, n: number, errorDetail?: string): DeliveryEvent {
    return createEvent(topics.delivery, {
      type: 'delivery.recorded',
      source: 'hookline/ingress',
      subject: integrationId,
      data: {
        deliveryId: `delivery-${n}`,
        integrationId,
        receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
        sourceIp: '192.0.2.7',
        outcome: errorDetail ? 'unauthorized' : 'accepted',
        httpStatus: errorDetail ? 401 : 202,
        ...(errorDetail ? { errorDetail } : {}),
        alertCount: errorDetail ? 0 : n,
        latencyMs: n + 0.5,
      },
    });
  }

  it('writes a batch of records in one go, each field in its column', async () => {
    const integrationId = uniqueName('int');

    await log.write([record(integrationId, 1), record(integrationId, 2, 'signature mismatch')]);

    const page = await log.page(integrationId, 10);
    expect(page.deliveries).toEqual([
      { time: '2026-01-01T00:00:02.000Z', deliveryId: 'delivery-2', sourceIp: '192.0.2.7', outcome: 'unauthorized', httpStatus: 401, errorDetail: 'signature mismatch', alerts: 0, latencyMs: 2.5 },
      { time: '2026-01-01T00:00:01.000Z', deliveryId: 'delivery-1', sourceIp: '192.0.2.7', outcome: 'accepted', httpStatus: 202, errorDetail: null, alerts: 1, latencyMs: 1.5 },
    ]);
    expect(page.lastAcceptedAt).toBe('2026-01-01T00:00:01.000Z');
  });

  it('ignores a redelivered record, in a later batch or twice in the same one', async () => {
    const integrationId = uniqueName('int');
    const [first, second] = [record(integrationId, 1), record(integrationId, 2)];

    await log.write([first, first]);
    await log.write([first, second]);

    const page = await log.page(integrationId, 10);
    expect(page.deliveries.map((delivery) => delivery.deliveryId)).toEqual(['delivery-2', 'delivery-1']);
  });
});
