import { Controller, type DynamicModule, Inject, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { deadLetterTopicName, type EventOf } from '@hookline/contracts/events';
import { loadConfig, serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import { HooklineError } from '@hookline/platform/errors';
import { EventPublisher, KafkaConnection, ensureTopics } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { Inbox, createDataSource, messagingTablesMigration, queryRow, runMigrations } from '@hookline/platform/persistence';
import { buildServiceApp, listenServiceApp } from './run-service';
import { PlatformModule } from './platform.module';
import { eventually, probeEvent, probeTopic, testInfrastructure, uniqueName } from '@hookline/testing';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import { deadLettersMigration } from '@hookline/platform/dead-letters';

// A consumer app as a service team writes one, in-process against the run's
// real Kafka and Postgres, in a namespace and schema of its own: its handler
// counts each event it applies in a table of its own, through the inbox, and
// fails for good while the spec says it is broken.

const logger = createLogger({ service: 'spec', level: 'silent' });
const adminToken = 'a-spec-admin-token-of-at-least-32-characters';
const topic = probeTopic(`${uniqueName('spec.dead-letters')}.v1`);
const group = { id: uniqueName('dead-letters-spec'), consumes: [topic] };
const schema = uniqueName('dead_letters_spec');
const topicPrefix = uniqueName('spec-dl').replace('_', '-');
const handler = { broken: true };

class AppliedTable1 implements MigrationInterface {
  readonly name = 'AppliedTable1795400000003';
  async up(runner: QueryRunner): Promise<void> {
    // Not unique on purpose: only the inbox stands between a second delivery and a second row.
    await runner.query(`CREATE TABLE ${schema}.applied (event_id uuid NOT NULL, sequence integer NOT NULL)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schema}.applied`);
  }
}

const database = {
  schema,
  entities: [],
  migrations: [
    messagingTablesMigration({ schema, outbox: false, timestamp: 1795400000001 }),
    deadLettersMigration({ schema, timestamp: 1795400000002 }),
    AppliedTable1,
  ],
};

@Controller()
class ProbeEventsController {
  constructor(@Inject(Inbox) private readonly inbox: Inbox) {}

  @EventPattern(topic.name)
  async apply(@Payload() event: EventOf<typeof topic>): Promise<void> {
    await this.inbox.processOnce({ id: event.id, topic: topic.name }, async (manager) => {
      if (handler.broken) throw new HooklineError('invalid_input', `handler cannot apply sequence ${event.data.sequence}`);
      await manager.query(`INSERT INTO ${schema}.applied (event_id, sequence) VALUES ($1, $2)`, [event.id, event.data.sequence]);
    });
  }
}

const configSchema = serviceEnvSchema({ port: 0 }).transform((env) => toServiceConfig('dead-letters-spec', env));
type SpecConfig = z.infer<typeof configSchema>;

@Module({})
class SpecAppModule {
  static register(config: SpecConfig): DynamicModule {
    return { module: SpecAppModule, imports: [PlatformModule.forRoot({ config, database })], controllers: [ProbeEventsController] };
  }
}

const summary = z.looseObject({
  id: z.string(),
  state: z.enum(['open', 'replayed', 'discarded']),
  eventId: z.string().nullable(),
  originalTopic: z.string().nullable(),
  originalPartition: z.number().nullable(),
  originalOffset: z.string().nullable(),
  error: z.string(),
  attempts: z.number().nullable(),
  deadLetteredAt: z.string(),
  replayOf: z.string().nullable(),
  replayedBy: z.string().nullable(),
  discardReason: z.string().nullable(),
  discardedBy: z.string().nullable(),
});
const page = z.object({ deadLetters: z.array(summary), nextCursor: z.string().nullable() });
const replayOutcome = z.object({
  replayed: z.array(z.object({ id: z.string(), topic: z.string() })),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  more: z.boolean(),
});
const problem = z.looseObject({ status: z.number(), detail: z.string() });

describe('dead letters an operator can list, replay and discard', () => {
  let app: NestFastifyApplication;
  let url: string;
  let dataSource: DataSource;
  let connection: KafkaConnection;
  let publisher: EventPublisher;

  beforeAll(async () => {
    const { kafkaBrokers, databaseUrl } = testInfrastructure();
    dataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'spec-dead-letters', ...database });
    await dataSource.initialize();
    await runMigrations(dataSource);
    connection = new KafkaConnection({ brokers: kafkaBrokers, clientId: 'spec', logger, topicPrefix });
    await ensureTopics(connection, [topic.name, deadLetterTopicName(group.id)], { partitions: 3 });
    publisher = new EventPublisher(connection);
    const config = loadConfig(configSchema, {
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      DATABASE_URL: databaseUrl,
      HOOKLINE_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'silent',
      PORT: '0',
    });
    app = await buildServiceApp({ configSchema, module: (c) => SpecAppModule.register(c), consumer: { group, fromBeginning: true } }, config);
    await listenServiceApp(app, 0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 200 });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await publisher?.disconnect();
    await connection?.close();
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource?.destroy();
  });

  beforeEach(() => {
    handler.broken = true;
  });

  async function api(method: string, path: string, body?: unknown, token = adminToken): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function list(query = ''): Promise<z.infer<typeof summary>[]> {
    const answer = await api('GET', `/api/dead-letters${query}`);
    expect(answer.status).toBe(200);
    return page.parse(answer.body).deadLetters;
  }

  /** Waits for an open dead letter of the event and returns it. */
  async function openDeadLetterOf(eventId: string): Promise<z.infer<typeof summary>> {
    return eventually(
      async () => {
        const found = (await list()).find((letter) => letter.eventId === eventId);
        expect(found).toBeDefined();
        return summary.parse(found);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  async function timesApplied(eventId: string): Promise<number> {
    const row = await queryRow(dataSource, z.object({ count: z.number() }), `SELECT count(*)::int AS count FROM ${schema}.applied WHERE event_id = $1`, [eventId]);
    return row?.count ?? 0;
  }

  async function replay(body: unknown): Promise<z.infer<typeof replayOutcome>> {
    const answer = await api('POST', '/api/dead-letters/replay', body);
    expect(answer.status).toBe(200);
    return replayOutcome.parse(answer.body);
  }

  /** An event that is applied once the handler works, so "nothing more happened" has a point in time to wait for. */
  async function appliedMarker(): Promise<void> {
    handler.broken = false;
    const marker = probeEvent(topic, 999);
    await publisher.publish(topic, marker);
    await eventually(async () => expect(await timesApplied(marker.id)).toBe(1), { timeoutMs: 30_000, intervalMs: 200 });
  }

  it('lists an event that always fails, with its error, original topic, partition, offset and attempts', async () => {
    const event = probeEvent(topic, 1);
    await publisher.publish(topic, event);

    const letter = await openDeadLetterOf(event.id);
    expect(letter).toMatchObject({
      state: 'open',
      originalTopic: topic.name,
      originalPartition: expect.any(Number),
      originalOffset: expect.stringMatching(/^\d+$/),
      error: 'handler cannot apply sequence 1',
      attempts: 1,
    });
    const shown = await api('GET', `/api/dead-letters/${letter.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: letter.id, payload: { id: event.id, data: { sequence: 1 } }, payloadIsJson: true, headers: { ce_id: event.id } });
    expect(await timesApplied(event.id)).toBe(0);
  });

  it('replays it once the handler is fixed: applied exactly once, and it leaves the open list; replaying again changes nothing', async () => {
    const event = probeEvent(topic, 2);
    await publisher.publish(topic, event);
    const letter = await openDeadLetterOf(event.id);
    handler.broken = false;

    const outcome = await replay({ ids: [letter.id], by: 'spec-operator' });

    expect(outcome).toEqual({ replayed: [{ id: letter.id, topic: topic.name }], skipped: [], more: false });
    await eventually(async () => expect(await timesApplied(event.id)).toBe(1), { timeoutMs: 30_000, intervalMs: 200 });
    expect((await list()).map((open) => open.id)).not.toContain(letter.id);
    expect((await api('GET', `/api/dead-letters/${letter.id}`)).body).toMatchObject({ state: 'replayed', replayedBy: 'spec-operator' });

    expect(await replay({ ids: [letter.id] })).toEqual({ replayed: [], skipped: [{ id: letter.id, reason: 'already replayed' }], more: false });
    // Even the same event sent again (a replay raced by a second operator) is applied once: the inbox knows its id.
    await publisher.publish(topic, event);
    await appliedMarker();
    expect(await timesApplied(event.id)).toBe(1);
  });

  it('brings a replay that fails again back as a new open dead letter naming the one replayed, and replays by time and topic', async () => {
    const startedAt = new Date(Date.now() - 1_000).toISOString();
    const event = probeEvent(topic, 3);
    await publisher.publish(topic, event);
    const first = await openDeadLetterOf(event.id);

    expect((await replay({ ids: [first.id] })).replayed).toHaveLength(1);
    const second = await eventually(
      async () => {
        const again = (await list()).find((letter) => letter.replayOf === first.id);
        expect(again).toBeDefined();
        return summary.parse(again);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(second).toMatchObject({ eventId: event.id, state: 'open', error: 'handler cannot apply sequence 3' });

    handler.broken = false;
    const outcome = await replay({ since: startedAt, topic: topic.name });
    expect(outcome.replayed.map((replayed) => replayed.id)).toContain(second.id);
    expect(outcome.replayed.map((replayed) => replayed.id)).not.toContain(first.id);
    await eventually(async () => expect(await timesApplied(event.id)).toBe(1), { timeoutMs: 30_000, intervalMs: 200 });
    expect((await list(`?since=${encodeURIComponent(startedAt)}`)).filter((letter) => letter.eventId === event.id)).toEqual([]);
  });

  it('discards a dead letter with a reason: it leaves the open list, the reason is recorded, and it is never replayed', async () => {
    const event = probeEvent(topic, 4);
    await publisher.publish(topic, event);
    const letter = await openDeadLetterOf(event.id);

    const discarded = await api('POST', `/api/dead-letters/${letter.id}/discard`, { reason: 'test event, nothing to apply', by: 'spec-operator' });

    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({ id: letter.id, state: 'discarded', discardReason: 'test event, nothing to apply', discardedBy: 'spec-operator' });
    expect((await list()).map((open) => open.id)).not.toContain(letter.id);
    expect((await list('?state=discarded')).map((closed) => closed.id)).toContain(letter.id);
    expect((await api('POST', `/api/dead-letters/${letter.id}/discard`, { reason: 'again' })).status).toBe(409);
    handler.broken = false;
    expect(await replay({ ids: [letter.id] })).toMatchObject({ replayed: [], skipped: [{ id: letter.id, reason: 'already discarded' }] });
    await appliedMarker();
    expect(await timesApplied(event.id)).toBe(0);
  });

  it('refuses to replay a message that still cannot be read, saying why', async () => {
    await publisher.sendRaw(topic.name, [{ key: 'garbage', value: 'not json at all', headers: {} }]);
    const letter = await eventually(
      async () => {
        const found = (await list()).find((open) => open.error.startsWith('message is not JSON'));
        expect(found).toBeDefined();
        return summary.parse(found);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect((await api('GET', `/api/dead-letters/${letter.id}`)).body).toMatchObject({ payload: 'not json at all', payloadIsJson: false, key: 'garbage' });

    const outcome = await replay({ ids: [letter.id] });

    expect(outcome.replayed).toEqual([]);
    expect(outcome.skipped).toEqual([{ id: letter.id, reason: expect.stringContaining('still cannot be read: message is not JSON') }]);
  });

  it('pages the list newest first with a cursor', async () => {
    const events = [probeEvent(topic, 10), probeEvent(topic, 11), probeEvent(topic, 12)];
    await publisher.publishMany(topic, events);
    for (const event of events) await openDeadLetterOf(event.id);

    const first = page.parse((await api('GET', '/api/dead-letters?limit=2')).body);
    const second = page.parse((await api('GET', `/api/dead-letters?limit=2&cursor=${first.nextCursor}`)).body);

    expect(first.deadLetters).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const ids = [...first.deadLetters, ...second.deadLetters].map((letter) => Number(letter.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['GET', '/api/dead-letters?state=closed', undefined, 'state'],
    ['GET', '/api/dead-letters?since=yesterday', undefined, 'since'],
    ['GET', '/api/dead-letters?limit=0', undefined, 'limit'],
    ['GET', '/api/dead-letters?cursor=abc', undefined, 'cursor'],
    ['GET', '/api/dead-letters/abc', undefined, 'id'],
    ['POST', '/api/dead-letters/replay', {}, 'ids'],
    ['POST', '/api/dead-letters/replay', { ids: ['1'], since: '2026-01-01T00:00:00Z' }, 'ids'],
    ['POST', '/api/dead-letters/replay', { ids: ['x'] }, 'ids.0'],
    ['POST', '/api/dead-letters/replay', { ids: ['1'], topic: topic.name }, 'topic'],
    ['POST', '/api/dead-letters/replay', { since: 'last week' }, 'since'],
    ['POST', '/api/dead-letters/1/discard', {}, 'reason'],
    ['POST', '/api/dead-letters/1/discard', { reason: 'x', extra: true }, 'extra'],
  ])('answers %s %s %j with 400 naming %s', async (method, path, body, field) => {
    const answer = await api(method, path, body);

    expect(answer.status).toBe(400);
    expect(problem.parse(answer.body).detail).toContain(field);
  });

  it('answers an unknown id 404 and a missing token 401', async () => {
    expect((await api('GET', '/api/dead-letters/987654321')).status).toBe(404);
    expect((await api('POST', '/api/dead-letters/987654321/discard', { reason: 'gone' })).status).toBe(404);
    expect((await api('GET', '/api/dead-letters', undefined, 'not-the-admin-token')).status).toBe(401);
  });

  it('documents the routes in the OpenAPI document, behind the admin token', async () => {
    const document = z.object({ paths: z.record(z.string(), z.record(z.string(), z.looseObject({ security: z.unknown().optional() }))) }).parse((await api('GET', '/openapi.json')).body);

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/dead-letters', '/api/dead-letters/{id}', '/api/dead-letters/replay', '/api/dead-letters/{id}/discard']),
    );
    expect(document.paths['/api/dead-letters/replay']?.['post']?.security).toEqual([{ adminToken: [] }]);
  });
});
