import { EventConsumer, EventPublisher, KafkaConnection, ensureTopics, on } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { type ProbeTopic, eventually, probeEvent, probeTopic, testInfrastructure, uniqueName } from '@hookline/testing';
import type { DataSource } from 'typeorm';
import { schemaOf } from './migrations';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { migratedSchemaForSpec } from './persistence-test-kit';

const logger = createLogger({ service: 'spec', level: 'silent' });

describe('Outbox and OutboxRelay against the real Postgres and broker', () => {
  let dataSource: DataSource;
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  let topic: ProbeTopic;
  let outbox: Outbox;
  let consumer: EventConsumer | undefined;

  beforeEach(async () => {
    dataSource = await migratedSchemaForSpec();
    connection = new KafkaConnection({ brokers: testInfrastructure().kafkaBrokers, clientId: 'spec', logger });
    publisher = new EventPublisher(connection);
    topic = probeTopic(`${uniqueName('spec.outbox')}.v1`);
    await ensureTopics(connection, [topic.name], { partitions: 3 });
    outbox = new Outbox(schemaOf(dataSource));
  });

  afterEach(async () => {
    await consumer?.stop();
    await publisher.disconnect();
    await connection.close();
    await dataSource.destroy();
  });

  async function received(): Promise<number[]> {
    const sequences: number[] = [];
    const groupId = uniqueName('spec-outbox-reader');
    consumer = new EventConsumer(connection, publisher, {
      groupId,
      logger,
      fromBeginning: true,
      handlers: [on(topic, async (event) => void sequences.push(event.data.sequence))],
    });
    await consumer.start();
    return sequences;
  }

  const pending = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM "${schemaOf(dataSource)}".outbox`))[0].n);

  it('publishes committed events in order per key and then removes them from the outbox', async () => {
    const events = [0, 3, 6, 9, 1, 4].map((sequence) => probeEvent(topic, sequence));
    await dataSource.transaction((manager) => outbox.enqueue(manager, topic, events));
    const relay = new OutboxRelay(dataSource, publisher, logger);

    expect(await relay.relayOnce()).toBe(6);

    const sequences = await received();
    await eventually(() => expect(sequences).toHaveLength(6));
    // Sequences 0, 3, 6, 9 share key "0", so they share a partition and keep their order.
    expect(sequences.filter((sequence) => sequence % 3 === 0)).toEqual([0, 3, 6, 9]);
    expect(await pending()).toBe(0);
  });

  it('publishes nothing of a transaction that rolled back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, topic, [probeEvent(topic, 1)]);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');

    expect(await pending()).toBe(0);
    expect(await new OutboxRelay(dataSource, publisher, logger).relayOnce()).toBe(0);
  });

  it('lets only one of two relays publish a batch, so no event goes out twice', async () => {
    await dataSource.transaction((manager) => outbox.enqueue(manager, topic, [1, 2, 3].map((n) => probeEvent(topic, n))));
    const relays = [new OutboxRelay(dataSource, publisher, logger), new OutboxRelay(dataSource, publisher, logger)];

    const counts = await Promise.all(relays.map((relay) => relay.relayOnce()));

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(3);
    const sequences = await received();
    await eventually(() => expect(sequences.sort()).toEqual([1, 2, 3]));
  });

  it('keeps the events when Kafka refuses them and publishes them on the next try', async () => {
    await dataSource.transaction((manager) => outbox.enqueue(manager, topic, [probeEvent(topic, 5)]));
    const failingOnce = {
      calls: 0,
      sendRaw(topicName: string, messages: Parameters<EventPublisher['sendRaw']>[1]) {
        this.calls += 1;
        if (this.calls === 1) return Promise.reject(new Error('broker unavailable'));
        return publisher.sendRaw(topicName, messages);
      },
    };
    const relay = new OutboxRelay(dataSource, failingOnce, logger);

    await expect(relay.relayOnce()).rejects.toThrow('broker unavailable');
    expect(await pending()).toBe(1);
    expect(await relay.relayOnce()).toBe(1);
    expect(await pending()).toBe(0);
  });
});
