import type { EventPublisher, RawMessage } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { quoteIdentifier, schemaOf } from './migrations';
import { queryRow, queryRows } from './typed-query';

const outboxRowSchema = z.object({
  id: z.string(),
  topic: z.string(),
  message_key: z.string(),
  payload: z.string(),
  headers: z.record(z.string(), z.string()),
});
type OutboxRow = z.infer<typeof outboxRowSchema>;

const backlogRowSchema = z.object({ rows: z.coerce.number(), oldest_seconds: z.coerce.number() });

/** What waits in an outbox: a relay that stopped draining shows as a growing age, not only a growing count. */
export interface OutboxBacklog {
  rows: number;
  /** Age of the oldest waiting row; 0 when the outbox is empty. */
  oldestSeconds: number;
}

export interface OutboxRelayOptions {
  batchSize?: number;
  /** How long to wait before looking again when the outbox was empty or Kafka failed. */
  idleDelayMs?: number;
}

/**
 * Publishes committed outbox rows in insertion order, then deletes them.
 *
 * One relay at a time per schema (a transaction-scoped advisory lock), so
 * replicas never publish the same key out of order. A crash between the send
 * and the delete republishes those rows with their original event ids, which
 * consumers' inboxes drop: nothing lost, nothing applied twice.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly lockName: string;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: Pick<EventPublisher, 'sendRaw'>,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    const schema = schemaOf(dataSource);
    this.table = `${quoteIdentifier(schema)}.outbox`;
    this.lockName = `hookline.outbox.${schema}`;
    this.batchSize = options.batchSize ?? 500;
    this.idleDelayMs = options.idleDelayMs ?? 200;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Call after committing outbox rows to publish them now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Publishes one batch; returns how many events went out (0 if another relay holds the lock or nothing is pending). */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const lock = await queryRow(manager, z.object({ locked: z.boolean() }), 'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [this.lockName]);
      if (!lock?.locked) return 0;
      const rows = await queryRows(
        manager,
        outboxRowSchema,
        `SELECT id, topic, message_key, payload, headers FROM ${this.table} ORDER BY id LIMIT $1`,
        [this.batchSize],
      );
      for (const run of consecutiveByTopic(rows)) {
        await this.publisher.sendRaw(run.topic, run.messages);
      }
      if (rows.length > 0) await manager.query(`DELETE FROM ${this.table} WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  async backlog(): Promise<OutboxBacklog> {
    const row = await queryRow(
      this.dataSource,
      backlogRowSchema,
      `SELECT count(*) AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest_seconds FROM ${this.table}`,
    );
    return { rows: row?.rows ?? 0, oldestSeconds: row?.oldest_seconds ?? 0 };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay failed, will retry');
      }
      if (published < this.batchSize) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.idleDelayMs);
      this.wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

/** Splits rows into runs of one topic, keeping their order: one produce request per run. */
function consecutiveByTopic(rows: readonly OutboxRow[]): { topic: string; messages: RawMessage[] }[] {
  const runs: { topic: string; messages: RawMessage[] }[] = [];
  for (const row of rows) {
    const message = { key: row.message_key, value: row.payload, headers: row.headers };
    const last = runs.at(-1);
    if (last?.topic === row.topic) last.messages.push(message);
    else runs.push({ topic: row.topic, messages: [message] });
  }
  return runs;
}
