import { HooklineError } from '@hookline/platform/errors';
import { type ProbeTopic, eventually, probeEvent, probeTopic, uniqueName } from '@hookline/testing';
import { deadLetterHeaders } from './dead-letter';
import { encodeEvent } from './event-codec';
import { EventConsumer, type EventConsumerOptions, on, onBatch } from './event-consumer';
import { EventPublisher } from './event-publisher';
import type { KafkaConnection } from './kafka-connection';
import { kafkaForSpec, quietLogger, readAll } from './kafka-test-kit';
import { ensureTopics } from './topic-admin';

const fastRetry = { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 };

describe('EventPublisher and EventConsumer against the real broker', () => {
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  const consumers: EventConsumer[] = [];

  async function setUp(options: Parameters<typeof kafkaForSpec>[1] = {}) {
    const kit = await kafkaForSpec('spec-consumer', options);
    connection = kit.connection;
    publisher = new EventPublisher(connection);
    return kit;
  }

  function consumeWith(groupId: string, handlers: EventConsumerOptions['handlers'], maxBatchSize?: number) {
    const consumer = new EventConsumer(connection, publisher, {
      groupId,
      handlers,
      logger: quietLogger,
      retry: fastRetry,
      fromBeginning: true,
      ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
    });
    consumers.push(consumer);
    return consumer;
  }

  function consume(groupId: string, topic: ProbeTopic, handle: Parameters<typeof on<ProbeTopic>>[1]) {
    return consumeWith(groupId, [on(topic, handle)]);
  }

  function consumeBatches(groupId: string, topic: ProbeTopic, handleBatch: Parameters<typeof onBatch<ProbeTopic>>[1], maxBatchSize?: number) {
    return consumeWith(groupId, [onBatch(topic, handleBatch)], maxBatchSize);
  }

  /** Events that all share one key, so they land on one partition in this order. */
  function onePartition(topic: ProbeTopic, count: number, from = 0) {
    // The probe topic's key is `sequence % 3`.
    return Array.from({ length: count }, (_, index) => probeEvent(topic, (from + index) * 3));
  }

  const sequences = (events: readonly { data: { sequence: number } }[]) => events.map((event) => event.data.sequence);

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

  it('waits out a dependency outage longer than its retry budget instead of dead-lettering the event', async () => {
    const { groupId, topic } = await setUp();
    const triesDuringOutage = fastRetry.attempts * 2;
    const attempts: number[] = [];
    const handled: number[] = [];
    await publisher.publish(topic, probeEvent(topic, 6));

    await consume(groupId, topic, async (event, context) => {
      attempts.push(context.attempt);
      if (context.attempt <= triesDuringOutage) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      handled.push(event.data.sequence);
    }).start();

    await eventually(() => expect(handled).toEqual([6]));
    expect(attempts).toHaveLength(triesDuringOutage + 1);
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

  describe('with a batch handler', () => {
    it('hands over the events of a partition in order, many at a time, in chunks of at most maxBatchSize', async () => {
      const { groupId, topic } = await setUp();
      const sent = onePartition(topic, 30);
      await publisher.publishMany(topic, sent);
      const batches: number[][] = [];

      await consumeBatches(groupId, topic, async (events) => void batches.push(sequences(events)), 8).start();

      await eventually(() => expect(batches.flat()).toEqual(sequences(sent)));
      expect(Math.max(...batches.map((batch) => batch.length))).toBe(8);
    });

    it('dead-letters a message that cannot be decoded from the middle of a batch and hands on the events around it', async () => {
      const { groupId, topic, deadLetterTopic } = await setUp();
      const [before, after] = onePartition(topic, 2);
      if (!before || !after) throw new Error('two events expected');
      await publisher.sendRaw(topic.name, [encodeEvent(topic, before), { key: '0', value: '{"not":"an event"}' }, encodeEvent(topic, after)]);
      const received: unknown[] = [];

      await consumeBatches(groupId, topic, async (events) => void received.push(...events)).start();

      await eventually(() => expect(received).toEqual([before, after]));
      const [letter] = await readAll(connection, deadLetterTopic, 1);
      expect(letter?.value?.toString()).toBe('{"not":"an event"}');
      expect(letter?.headers?.[deadLetterHeaders.error]?.toString()).toMatch(/does not match/);
      expect(letter?.headers?.[deadLetterHeaders.originalTopic]?.toString()).toBe(topic.name);
      expect(letter?.headers?.[deadLetterHeaders.originalOffset]?.toString()).toBe('1');
      expect(letter?.headers?.[deadLetterHeaders.consumerGroup]?.toString()).toBe(groupId);
      expect(letter?.headers?.[deadLetterHeaders.attempts]?.toString()).toBe('0');
    });

    it('finds the event the handler keeps rejecting in a batch, dead-letters it and processes the others', async () => {
      const { groupId, topic, deadLetterTopic } = await setUp();
      const sent = onePartition(topic, 5);
      const poison = sent[2]?.data.sequence;
      await publisher.publishMany(topic, sent);
      const processed: number[] = [];

      await consumeBatches(groupId, topic, async (events) => {
        if (sequences(events).includes(poison ?? -1)) throw new Error('row violates a constraint');
        processed.push(...sequences(events));
      }).start();

      const [letter] = await readAll(connection, deadLetterTopic, 1);
      expect(JSON.parse(letter?.value?.toString() ?? '{}')).toEqual(sent[2]);
      expect(letter?.headers?.[deadLetterHeaders.error]?.toString()).toBe('row violates a constraint');
      expect(letter?.headers?.[deadLetterHeaders.originalOffset]?.toString()).toBe('2');
      expect(letter?.headers?.[deadLetterHeaders.attempts]?.toString()).toBe(String(fastRetry.attempts));
      await eventually(() => expect(processed).toEqual(sequences(sent).filter((sequence) => sequence !== poison)));
    });

    it('isolates a batch that fails with an error no retry can fix without retrying it whole', async () => {
      const { groupId, topic, deadLetterTopic } = await setUp();
      const sent = onePartition(topic, 3);
      await publisher.publishMany(topic, sent);
      const calls: { sequences: number[]; attempt: number }[] = [];

      await consumeBatches(groupId, topic, async (events, context) => {
        calls.push({ sequences: sequences(events), attempt: context.attempt });
        if (sequences(events).includes(3)) throw new HooklineError('invalid_input', 'unknown service "payments"');
      }).start();

      const [letter] = await readAll(connection, deadLetterTopic, 1);
      expect(letter?.headers?.[deadLetterHeaders.attempts]?.toString()).toBe('1');
      expect(calls).toEqual([
        { sequences: [0, 3, 6], attempt: 1 },
        { sequences: [0], attempt: 1 },
        { sequences: [3], attempt: 1 },
        { sequences: [6], attempt: 1 },
      ]);
    });

    it('retries a batch after a transient failure and then processes every event of it once', async () => {
      const { groupId, topic } = await setUp();
      const sent = onePartition(topic, 10);
      await publisher.publishMany(topic, sent);
      const attempts: number[] = [];
      const processed: number[] = [];

      await consumeBatches(groupId, topic, async (events, context) => {
        attempts.push(context.attempt);
        if (context.attempt < 3) throw new Error('database connection reset');
        processed.push(...sequences(events));
      }).start();

      await eventually(() => expect(processed).toEqual(sequences(sent)));
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('keeps a batch whole through a dependency outage longer than its retry budget, with nothing dead-lettered', async () => {
      const { groupId, topic } = await setUp();
      const sent = onePartition(topic, 10);
      await publisher.publishMany(topic, sent);
      const triesDuringOutage = fastRetry.attempts * 2;
      const calls: { events: number; attempt: number }[] = [];
      const processed: number[] = [];

      await consumeBatches(groupId, topic, async (events, context) => {
        calls.push({ events: events.length, attempt: context.attempt });
        if (context.attempt <= triesDuringOutage) throw new HooklineError('dependency_unavailable', 'Postgres is restarting');
        processed.push(...sequences(events));
      }).start();

      await eventually(() => expect(processed).toEqual(sequences(sent)));
      // Never split into single events: splitting is for finding poison, and an outage is not poison.
      expect(calls.every((call) => call.events === sent.length)).toBe(true);
      expect(calls).toHaveLength(triesDuringOutage + 1);
    });

    it('commits what it processed, so a consumer restarted in the same group does not get it again', async () => {
      const { groupId, topic } = await setUp();
      const first = onePartition(topic, 5);
      await publisher.publishMany(topic, first);
      const received: number[] = [];
      const handleBatch = async (events: readonly { data: { sequence: number } }[]) => void received.push(...sequences(events));
      const before = consumeBatches(groupId, topic, handleBatch);
      await before.start();
      await eventually(() => expect(received).toEqual(sequences(first)));
      await before.stop();
      received.length = 0;

      const later = onePartition(topic, 2, first.length);
      await consumeBatches(groupId, topic, handleBatch).start();
      await publisher.publishMany(topic, later);

      await eventually(() => expect(received).toEqual(sequences(later)));
    });

    it('hands over the partitions of one fetch in the same call, each partition in order', async () => {
      const { groupId, topic } = await setUp();
      // Keys 0, 1 and 2 (sequence % 3), ten events each, there before the group starts.
      const sent = Array.from({ length: 30 }, (_, sequence) => probeEvent(topic, sequence));
      await publisher.publishMany(topic, sent);
      const calls: { sequences: number[]; partitions: readonly number[] }[] = [];

      await consumeBatches(groupId, topic, async (events, context) => void calls.push({ sequences: sequences(events), partitions: context.partitions })).start();

      await eventually(() => expect(calls.flatMap((call) => call.sequences).sort((a, b) => a - b)).toEqual(sequences(sent)));
      // Three keys land on two or three of the three partitions (murmur2 decides); one call had them all.
      const partitionsSeen = new Set(calls.flatMap((call) => call.partitions));
      expect(partitionsSeen.size).toBeGreaterThan(1);
      expect(Math.max(...calls.map((call) => call.partitions.length))).toBe(partitionsSeen.size);
      for (const key of [0, 1, 2]) {
        const received = calls.flatMap((call) => call.sequences).filter((sequence) => sequence % 3 === key);
        expect(received).toEqual([...received].sort((a, b) => a - b));
      }
    });

    it('finds the poison in a call that spans partitions, dead-letters it and processes every other event once', async () => {
      const { groupId, topic, deadLetterTopic } = await setUp();
      const sent = Array.from({ length: 12 }, (_, sequence) => probeEvent(topic, sequence));
      const poison = 7;
      await publisher.publishMany(topic, sent);
      const processed: number[] = [];
      const partitionsPerCall: number[] = [];

      await consumeBatches(groupId, topic, async (events, context) => {
        partitionsPerCall.push(context.partitions.length);
        if (sequences(events).includes(poison)) throw new Error('row violates a constraint');
        processed.push(...sequences(events));
      }).start();

      const [letter] = await readAll(connection, deadLetterTopic, 1);
      expect(JSON.parse(letter?.value?.toString() ?? '{}')).toEqual(sent[poison]);
      expect(partitionsPerCall[0]).toBeGreaterThan(1);
      await eventually(() => expect([...processed].sort((a, b) => a - b)).toEqual(sequences(sent).filter((sequence) => sequence !== poison)));
    });

    it('with fetch settings, gathers a trickle of events into a few batches and still delivers within the fetch wait', async () => {
      // Far more bytes than the events add up to, so only the wait can end a fetch.
      const maxWaitMs = 300;
      const { groupId, topic } = await setUp({ fetch: { minBytes: 1 << 20, maxWaitMs } });
      const batches: number[][] = [];
      await consumeBatches(groupId, topic, async (events) => void batches.push(sequences(events))).start();

      // One event every 10 ms or so: with kafkajs's default of answering at the first byte, nearly each would be a batch of its own.
      const sent = onePartition(topic, 20);
      const firstSentAt = Date.now();
      for (const event of sent) {
        await publisher.publish(topic, event);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const lastSentAt = Date.now();

      // kafkajs's default wait is 5 s: arriving well before that shows the configured wait applies.
      await eventually(() => expect(batches.flat()).toEqual(sequences(sent)), { timeoutMs: 4_000 });
      expect(Date.now() - lastSentAt).toBeLessThan(2_500);
      // About one batch per wait while the events trickled in (a busy machine publishes more slowly), and far fewer than 20.
      const waitsWhilePublishing = Math.ceil((lastSentAt - firstSentAt) / maxWaitMs);
      expect(batches.length).toBeLessThanOrEqual(Math.min(waitsWhilePublishing + 2, 10));
    });

    it('runs beside per-event handlers of other topics in one group', async () => {
      const { groupId, topic } = await setUp();
      const other = probeTopic(`${uniqueName('spec.probe')}.v1`);
      await ensureTopics(connection, [other.name], { partitions: 3 });
      const batched = onePartition(topic, 3);
      const single = probeEvent(other, 1);
      await publisher.publishMany(topic, batched);
      await publisher.publish(other, single);
      const received: unknown[] = [];

      await consumeWith(groupId, [
        onBatch(topic, async (events) => void received.push(...events)),
        on(other, async (event) => void received.push(event)),
      ]).start();

      await eventually(() => expect(received).toEqual(expect.arrayContaining([...batched, single])));
      expect(received).toHaveLength(4);
    });
  });
});
