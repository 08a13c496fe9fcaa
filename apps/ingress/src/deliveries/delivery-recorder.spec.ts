import { createEvent, type DeliveryEvent, topics } from '@hookline/contracts/events';
import type { BatchingPublisher } from '@hookline/platform/kafka';
import { createLogger, Metrics } from '@hookline/platform/observability';
import { eventually } from '@hookline/testing';
import type { IngressConfig } from '../config';
import { DeliveryRecorder } from './delivery-recorder';
import type { DeliveryLog } from './delivery-log';

function record(n: number): DeliveryEvent {
  return createEvent(topics.delivery, {
    type: 'delivery.recorded',
    source: 'hookline/ingress',
    subject: 'int_spec',
    data: {
      deliveryId: `delivery-${n}`,
      integrationId: 'int_spec',
      receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      sourceIp: '192.0.2.7',
      outcome: 'unavailable',
      httpStatus: 503,
      alertCount: 0,
      latencyMs: 1,
    },
  });
}

/** Kafka and Postgres as switches: `up` false makes every call fail the way a refused connection does. */
function setUp(spoolLimit = 100) {
  const kafka = { up: false, published: [] as DeliveryEvent[], calls: 0 };
  const postgres = { up: true, written: [] as DeliveryEvent[] };
  const publisher = {
    publish: async (_topic: unknown, events: readonly DeliveryEvent[]) => {
      kafka.calls += 1;
      if (!kafka.up) throw new Error('connect ECONNREFUSED');
      kafka.published.push(...events);
    },
  } as unknown as BatchingPublisher;
  const deliveryLog = {
    write: async (events: readonly DeliveryEvent[]) => {
      if (!postgres.up) throw new Error('connect ECONNREFUSED');
      postgres.written.push(...events);
    },
  } as unknown as DeliveryLog;
  const metrics = new Metrics('spec');
  const config = { deliverySpoolLimit: spoolLimit } as IngressConfig['ingress'];
  const recorder = new DeliveryRecorder(publisher, deliveryLog, config, metrics, createLogger({ service: 'spec', level: 'silent' }));
  return { kafka, postgres, metrics, recorder };
}

describe('DeliveryRecorder', () => {
  it('publishes a record while Kafka is up', async () => {
    const { kafka, postgres, recorder } = setUp();
    kafka.up = true;

    recorder.recordInBackground(record(1));

    await eventually(() => expect(kafka.published.map((event) => event.data.deliveryId)).toEqual(['delivery-1']));
    await recorder.flush();
    expect(postgres.written).toEqual([]);
  });

  it('writes a record Kafka refused straight to the delivery log, with its event id', async () => {
    const { postgres, recorder } = setUp();
    const refused = record(1);

    recorder.recordInBackground(refused);
    await eventually(() => expect(recorder.spooled).toBe(1));
    await recorder.flush();

    expect(postgres.written.map((event) => event.id)).toEqual([refused.id]);
    expect(recorder.spooled).toBe(0);
  });

  it('sends later records to the spool without waiting on Kafka again for a while', async () => {
    const { kafka, recorder } = setUp();

    recorder.recordInBackground(record(1));
    await eventually(() => expect(recorder.spooled).toBe(1));
    recorder.recordInBackground(record(2));

    expect(recorder.spooled).toBe(2);
    expect(kafka.calls).toBe(1);
  });

  it('keeps the records while Postgres is down too, and flushes them through whichever comes back', async () => {
    const { kafka, postgres, recorder } = setUp();
    postgres.up = false;
    recorder.recordInBackground(record(1));
    await eventually(() => expect(recorder.spooled).toBe(1));
    recorder.recordInBackground(record(2));

    await recorder.flush();
    const keptWhileBothDown = recorder.spooled;
    kafka.up = true;
    await recorder.flush();

    expect(keptWhileBothDown).toBe(2);
    expect(kafka.published.map((event) => event.data.deliveryId)).toEqual(['delivery-1', 'delivery-2']);
    expect(recorder.spooled).toBe(0);
  });

  it('drops what does not fit in a full spool, and counts it', async () => {
    const { postgres, metrics, recorder } = setUp(2);
    postgres.up = false;
    recorder.recordInBackground(record(1));
    await eventually(() => expect(recorder.spooled).toBe(1));

    recorder.recordInBackground(record(2));
    recorder.recordInBackground(record(3));
    await recorder.flush();
    postgres.up = true;
    await recorder.flush();

    expect(postgres.written.map((event) => event.data.deliveryId)).toEqual(['delivery-1', 'delivery-2']);
    expect(await metrics.render()).toMatch(/^hookline_ingress_delivery_records_dropped_total\{service="spec"\} 1$/m);
  });
});
