import { createEvent, type DeliveryEvent, topics } from '@hookline/contracts/events';
import { eventually, uniqueName } from '@hookline/testing';
import { type RunningIngress, startIngress } from '../testing/ingress-harness';
import { IntegrationActivity } from '../integrations/integration-activity';
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

  it("keeps each integration's activity summary from the rows it writes, whatever order batches arrive in", async () => {
    const integrationId = uniqueName('int');
    const activity = ingress.app.get(IntegrationActivity);
    const refusedAt11 = record(integrationId, 11, 'signature mismatch');

    await log.write([record(integrationId, 10)]);
    // A refusal older than the acceptance, flushed late from the spool: the last refusal, but not one since.
    await log.write([record(integrationId, 5, 'too old')]);
    const afterLateRefusal = (await activity.of([integrationId])).get(integrationId);
    await log.write([refusedAt11, record(integrationId, 12, 'no signature')]);
    await log.write([refusedAt11]);

    expect(afterLateRefusal).toMatchObject({ lastAcceptedAt: new Date('2026-01-01T00:00:10Z'), refusalsSinceAccepted: 0, lastRefused: { reason: 'too old' } });
    expect((await activity.of([integrationId])).get(integrationId)).toEqual({
      lastAcceptedAt: new Date('2026-01-01T00:00:10Z'),
      lastRefused: { at: new Date('2026-01-01T00:00:12Z'), httpStatus: 401, outcome: 'unauthorized', reason: 'no signature' },
      refusalsSinceAccepted: 2,
      lastTest: null,
    });
  });

  it('starts counting refusals again after an accepted delivery in the same batch', async () => {
    const integrationId = uniqueName('int');
    const activity = ingress.app.get(IntegrationActivity);

    await log.write([record(integrationId, 1, 'a'), record(integrationId, 2, 'b')]);
    await log.write([record(integrationId, 3, 'c'), record(integrationId, 4), record(integrationId, 5, 'd')]);

    expect((await activity.of([integrationId])).get(integrationId)).toMatchObject({ lastAcceptedAt: new Date('2026-01-01T00:00:04Z'), refusalsSinceAccepted: 1 });
  });
});
