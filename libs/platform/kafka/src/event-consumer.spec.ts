import { HooklineError } from '@hookline/platform/errors';
import { type ProbeTopic, eventually, probeEvent } from '@hookline/testing';
import { deadLetterHeaders } from './dead-letter';
import { EventConsumer, on } from './event-consumer';
import { EventPublisher } from './event-publisher';
import type { KafkaConnection } from './kafka-connection';
import { kafkaForSpec, quietLogger, readAll } from './kafka-test-kit';

const fastRetry = { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 };

describe('EventPublisher and EventConsumer against the real broker', () => {
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  const consumers: EventConsumer[] = [];

  async function setUp() {
    const kit = await kafkaForSpec('spec-consumer');
    connection = kit.connection;
    publisher = new EventPublisher(connection);
    return kit;
  }

  function consume(groupId: string, topic: ProbeTopic, handle: Parameters<typeof on<ProbeTopic>>[1]) {
    const consumer = new EventConsumer(connection, publisher, {
      groupId,
      handlers: [on(topic, handle)],
      logger: quietLogger,
      retry: fastRetry,
      fromBeginning: true,
    });
    consumers.push(consumer);
    return consumer;
  }

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await publisher.disconnect();
    await connection.close();
  });

  it('reads back a published event, parsed and keyed by its topic', async () => {
    const { groupId, topic } = await setUp();
    const sent = probeEvent(topic, 7, 'round trip');
    const received: unknown[] = [];
    await publisher.publish(topic, sent);

    await consume(groupId, topic, async (event) => {
      received.push(event);
    }).start();

    await eventually(() => expect(received).toEqual([sent]));
    const [raw] = await readAll(connection, topic.name, 1);
    expect(raw?.key?.toString()).toBe('1');
    expect(raw?.headers?.['ce_type']?.toString()).toBe('probe.recorded');
  });

  it('refuses to publish an event that does not match its topic schema', async () => {
    const { topic } = await setUp();
    const invalid = { ...probeEvent(topic, 1), data: { sequence: 1, note: 'x'.repeat(51) } };

    await expect(publisher.publish(topic, invalid)).rejects.toThrow(/does not match .*data\.note/);
  });

  it('sends a poison message to the dead-letter topic with the error in its headers, then processes the next one', async () => {
    const { groupId, topic, deadLetterTopic } = await setUp();
    const good = probeEvent(topic, 2);
    await publisher.sendRaw(topic.name, [{ key: '2', value: '{"not":"an event"' }]);
    await publisher.publish(topic, good);
    const received: unknown[] = [];

    await consume(groupId, topic, async (event) => {
      received.push(event);
    }).start();

    await eventually(() => expect(received).toEqual([good]));
    const [letter] = await readAll(connection, deadLetterTopic, 1);
    expect(letter?.value?.toString()).toBe('{"not":"an event"');
    expect(letter?.headers?.[deadLetterHeaders.error]?.toString()).toMatch(/not JSON/);
    expect(letter?.headers?.[deadLetterHeaders.originalTopic]?.toString()).toBe(topic.name);
    expect(letter?.headers?.[deadLetterHeaders.originalOffset]?.toString()).toBe('0');
    expect(letter?.headers?.[deadLetterHeaders.consumerGroup]?.toString()).toBe(groupId);
  });

  it('retries a transient handler failure and processes the event once it succeeds', async () => {
    const { groupId, topic } = await setUp();
    const attempts: number[] = [];
    await publisher.publish(topic, probeEvent(topic, 3));

    await consume(groupId, topic, async (_event, context) => {
      attempts.push(context.attempt);
      if (context.attempt < 3) throw new Error('database connection reset');
    }).start();

    await eventually(() => expect(attempts).toEqual([1, 2, 3]));
  });

  it('dead-letters at once when the handler reports a failure that no retry can fix', async () => {
    const { groupId, topic, deadLetterTopic } = await setUp();
    let calls = 0;
    await publisher.publish(topic, probeEvent(topic, 4));

    await consume(groupId, topic, async () => {
      calls += 1;
      throw new HooklineError('invalid_input', 'unknown service "payments"');
    }).start();

    const [letter] = await readAll(connection, deadLetterTopic, 1);
    expect(letter?.headers?.[deadLetterHeaders.error]?.toString()).toBe('unknown service "payments"');
    expect(letter?.headers?.[deadLetterHeaders.attempts]?.toString()).toBe('1');
    expect(calls).toBe(1);
  });

  it('dead-letters after the bounded number of attempts when a failure persists', async () => {
    const { groupId, topic, deadLetterTopic } = await setUp();
    await publisher.publish(topic, probeEvent(topic, 5));

    await consume(groupId, topic, async () => {
      throw new Error('still failing');
    }).start();

    const [letter] = await readAll(connection, deadLetterTopic, 1);
    expect(letter?.headers?.[deadLetterHeaders.attempts]?.toString()).toBe(String(fastRetry.attempts));
  });

  it('joins the consumer group under exactly the configured id', async () => {
    const { groupId, topic } = await setUp();

    await consume(groupId, topic, async () => undefined).start();

    const admin = await connection.connectedAdmin();
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]).toMatchObject({ groupId, state: 'Stable' });
  });
});
