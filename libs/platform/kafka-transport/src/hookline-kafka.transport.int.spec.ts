import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { deadLetterTopicName, type EventOf } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { EventPublisher, KafkaConnection, ensureTopics } from '@hookline/platform/kafka';
import { ReadinessChecks, createLogger } from '@hookline/platform/observability';
import { eventually, probeEvent, probeTopic, testInfrastructure, uniqueName } from '@hookline/testing';
import { connectKafkaTransport } from './connect-kafka-transport';
import { KafkaBatchContext, KafkaEventContext } from './event-contexts';

// A real Nest app whose controller declares its handlers with @EventPattern,
// on the run's Kafka: what a service team writes, end to end.

const logger = createLogger({ service: 'spec', level: 'silent' });
const fastRetry = { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 };

type Probe = ReturnType<typeof probeTopic>;

interface Seen {
  events: Array<{ sequence: number; partition: number; offset: string; traceparent: string | undefined; attempt: number }>;
  batches: Array<{ sequences: number[]; partitions: readonly number[] }>;
  tries: Map<number, number>;
}

async function startApp(topic: Probe, batchTopic: Probe, seen: Seen, group = { id: uniqueName('transport-spec'), consumes: [topic, batchTopic] }) {
  @Controller()
  class ProbeEventsController {
    @EventPattern(topic.name)
    async one(@Payload() event: EventOf<Probe>, @Ctx() context: KafkaEventContext): Promise<void> {
      const { sequence, note } = event.data;
      seen.tries.set(sequence, (seen.tries.get(sequence) ?? 0) + 1);
      if (note === 'permanent') throw new HooklineError('invalid_input', 'this event can never be processed');
      if (note === 'flaky' && context.getAttempt() < 2) throw new Error('connection reset');
      seen.events.push({ sequence, partition: context.getPartition(), offset: context.getOffset(), traceparent: context.getTraceparent(), attempt: context.getAttempt() });
    }

    @EventPattern(batchTopic.name, { batch: true })
    many(@Payload() events: EventOf<Probe>[], @Ctx() context: KafkaBatchContext): void {
      seen.batches.push({ sequences: events.map((event) => event.data.sequence), partitions: context.getPartitions() });
    }
  }

  @Module({ controllers: [ProbeEventsController] })
  class ProbeModule {}

  const connection = new KafkaConnection({ brokers: testInfrastructure().kafkaBrokers, clientId: 'spec', logger });
  const publisher = new EventPublisher(connection);
  const readiness = new ReadinessChecks();
  const app = await NestFactory.create(ProbeModule, new FastifyAdapter(), { logger: false });
  const microservice = connectKafkaTransport(app, { group, connection, deadLetters: publisher, logger, readiness, fromBeginning: true, retry: fastRetry });
  const beforeStart = await readiness.run();
  await app.init();
  await app.startAllMicroservices();
  return { app, microservice, connection, publisher, readiness, beforeStart, groupId: group.id };
}

describe('the Hookline Kafka transport for @nestjs/microservices', () => {
  let topic: Probe;
  let batchTopic: Probe;
  const seen: Seen = { events: [], batches: [], tries: new Map() };
  let running: Awaited<ReturnType<typeof startApp>>;
  let app: INestApplication;

  beforeAll(async () => {
    topic = probeTopic(`${uniqueName('spec.transport')}.v1`);
    batchTopic = probeTopic(`${uniqueName('spec.transport-batch')}.v1`);
    const group = { id: uniqueName('transport-spec'), consumes: [topic, batchTopic] };
    const setup = new KafkaConnection({ brokers: testInfrastructure().kafkaBrokers, clientId: 'spec', logger });
    await ensureTopics(setup, [topic.name, batchTopic.name, deadLetterTopicName(group.id)], { partitions: 3 });
    await setup.close();
    running = await startApp(topic, batchTopic, seen, group);
    app = running.app;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await running?.publisher.disconnect();
    await running?.connection.close();
  });

  it('reports the group not ready until it has joined, then ready', async () => {
    expect(running.beforeStart.checks['consumers']).toEqual(expect.objectContaining({ ok: false, error: `not yet joined: ${running.groupId}` }));
    await eventually(async () => expect((await running.readiness.run()).checks['consumers']).toEqual(expect.objectContaining({ ok: true })), {
      timeoutMs: 30_000,
    });
  });

  it('hands a per-event handler the validated event with its partition, offset, trace header and attempt', async () => {
    const event = probeEvent(topic, 1, 'hello');
    await running.publisher.publish(topic, event, { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });

    await eventually(() => expect(seen.events.find((entry) => entry.sequence === 1)).toBeDefined(), { timeoutMs: 30_000 });
    expect(seen.events.find((entry) => entry.sequence === 1)).toEqual({
      sequence: 1,
      partition: expect.any(Number),
      offset: expect.stringMatching(/^\d+$/),
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      attempt: 1,
    });
  });

  it('hands a batch handler the events of several partitions in one call, each key in order', async () => {
    await running.publisher.publishMany(batchTopic, Array.from({ length: 30 }, (_, index) => probeEvent(batchTopic, index)));

    await eventually(() => expect(seen.batches.flatMap((batch) => batch.sequences)).toHaveLength(30), { timeoutMs: 30_000 });
    expect(seen.batches.some((batch) => batch.partitions.length > 1)).toBe(true);
    const delivered = seen.batches.flatMap((batch) => batch.sequences);
    for (const key of [0, 1, 2]) {
      const ofKey = delivered.filter((sequence) => sequence % 3 === key);
      expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
    }
  });

  it("keeps a handler's error as it was: retryable errors are retried, a permanent one is dead-lettered at once", async () => {
    await running.publisher.publishMany(topic, [probeEvent(topic, 10, 'flaky'), probeEvent(topic, 11, 'permanent'), probeEvent(topic, 12, 'after')]);

    await eventually(() => expect(seen.events.map((entry) => entry.sequence)).toEqual(expect.arrayContaining([10, 12])), { timeoutMs: 30_000 });
    expect(seen.events.find((entry) => entry.sequence === 10)).toMatchObject({ attempt: 2 });
    // Nest's default filter would have turned HooklineError into a plain "Internal server error", retried three times.
    expect(seen.tries.get(11)).toBe(1);
    const admin = await running.connection.connectedAdmin();
    await eventually(async () => {
      const offsets = await admin.fetchTopicOffsets(deadLetterTopicName(running.groupId));
      expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(1);
    }, { timeoutMs: 30_000 });
  });

  it('reports the group not ready again when its consumer stops after joining', async () => {
    const [one, many] = [probeTopic(`${uniqueName('spec.dies')}.v1`), probeTopic(`${uniqueName('spec.dies-batch')}.v1`)];
    await ensureTopics(running.connection, [one.name, many.name], { partitions: 1 });
    const probe = await startApp(one, many, { events: [], batches: [], tries: new Map() });
    try {
      await eventually(async () => expect((await probe.readiness.run()).ready).toBe(true), { timeoutMs: 30_000 });
      await probe.microservice.unwrap<{ stop(): Promise<void> }>().stop();

      expect((await probe.readiness.run()).checks['consumers']).toEqual(expect.objectContaining({ ok: false, error: expect.stringContaining('stopped consuming') }));
    } finally {
      await probe.app.close();
      await probe.publisher.disconnect();
      await probe.connection.close();
    }
  }, 60_000);

  it('uses the group id exactly as declared, with no suffix', async () => {
    const admin = await running.connection.connectedAdmin();
    const { groups } = await admin.listGroups();
    expect(groups.map((group) => group.groupId)).toContain(running.groupId);
    expect(groups.map((group) => group.groupId).filter((id) => id.startsWith(`${running.groupId}-`))).toEqual([]);
  });
});

describe('handlers the transport refuses at start-up', () => {
  const connection = new KafkaConnection({ brokers: testInfrastructure().kafkaBrokers, clientId: 'spec', logger });
  afterAll(() => connection.close());

  async function startWith(controller: new () => unknown, group: { id: string; consumes: Probe[] }) {
    @Module({ controllers: [controller] })
    class RefusedModule {}
    const app = await NestFactory.create(RefusedModule, new FastifyAdapter(), { logger: false });
    connectKafkaTransport(app, { group, connection, deadLetters: new EventPublisher(connection), logger });
    await app.init();
    try {
      await app.startAllMicroservices();
    } finally {
      await app.close();
    }
  }

  it('a topic the group does not declare', async () => {
    const declared = probeTopic(`${uniqueName('spec.declared')}.v1`);
    const other = probeTopic(`${uniqueName('spec.other')}.v1`);
    @Controller()
    class Wrong {
      @EventPattern(other.name)
      handle(): string {
        return 'never called';
      }
    }
    await expect(startWith(Wrong, { id: 'spec-refused', consumes: [declared] })).rejects.toThrow(/does not list that topic/);
  });

  it('a request/reply handler', async () => {
    const declared = probeTopic(`${uniqueName('spec.declared')}.v1`);
    @Controller()
    class Wrong {
      @MessagePattern(declared.name)
      handle(): string {
        return 'reply';
      }
    }
    await expect(startWith(Wrong, { id: 'spec-refused', consumes: [declared] })).rejects.toThrow(/use @EventPattern/);
  });
});
