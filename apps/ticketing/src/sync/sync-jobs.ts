import { Inject, Injectable } from '@nestjs/common';
import { queryRow, queryRows } from '@hookline/platform/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { type SyncPayload, syncPayloadSchema } from '../connectors/connector';
import { type TicketingTables, tablesOf } from '../db/tables';

export const syncJobActions = ['create', 'update', 'comment', 'close', 'reopen'] as const;
export type SyncJobAction = (typeof syncJobActions)[number];

/** `pending`: waiting for its turn, a retry or a broken connector; `failed`: refused (4xx), kept for a person to look at. */
export const syncJobStates = ['pending', 'done', 'failed'] as const;
export type SyncJobState = (typeof syncJobStates)[number];

export interface NewSyncJob {
  ticketId: string;
  connector: string;
  action: SyncJobAction;
  idempotencyKey: string;
  payload: SyncPayload;
}

export interface SyncJob extends NewSyncJob {
  id: string;
  state: SyncJobState;
  attempts: number;
  nextAttemptAt: Date;
  lastError?: string;
  lastStatus?: number;
  createdAt: Date;
  finishedAt?: Date;
}

/** `id` is a bigserial, which Postgres hands over as a string. */
const syncJobRow = z.object({
  id: z.string(),
  ticket_id: z.string(),
  connector: z.string(),
  action: z.enum(syncJobActions),
  idempotency_key: z.string(),
  payload: syncPayloadSchema,
  state: z.enum(syncJobStates),
  attempts: z.number(),
  next_attempt_at: z.date(),
  last_error: z.string().nullable(),
  last_status: z.number().nullable(),
  created_at: z.date(),
  finished_at: z.date().nullable(),
});
type SyncJobRow = z.output<typeof syncJobRow>;

const backlogRow = z.object({ connector: z.string(), pending: z.number(), failed: z.number(), oldest_pending_at: z.date().nullable() });

const jobColumns = 'id, ticket_id, connector, action, idempotency_key, payload, state, attempts, next_attempt_at, last_error, last_status, created_at, finished_at';

export interface SyncJobQuery {
  state?: SyncJobState;
  connector?: string;
  ticketId?: string;
  /** Jobs with a smaller id than this (the previous page's `nextCursor`). */
  cursor?: string;
  limit: number;
}

/**
 * The durable queue of work for external ticket systems. Jobs are written in
 * the transaction that changed the ticket, so a change and the work of
 * telling the outside world about it commit together; a worker leases them
 * one at a time per ticket, in order, and records each outcome.
 */
@Injectable()
export class SyncJobs {
  private readonly tables: TicketingTables;
  /**
   * The condition on `job` (at `$1`, the time) for being handed out: pending,
   * due, not leased, and the oldest pending job of its ticket.
   */
  private readonly claimable: string;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    const tables = tablesOf(dataSource);
    this.tables = tables;
    this.claimable = `job.state = 'pending' AND job.next_attempt_at <= $1 AND (job.leased_until IS NULL OR job.leased_until <= $1)
      AND NOT EXISTS (SELECT 1 FROM ${tables.syncJobs} earlier WHERE earlier.ticket_id = job.ticket_id AND earlier.state = 'pending' AND earlier.id < job.id)`;
  }

  /** Inside the caller's transaction; a job whose key exists is not added again. */
  async enqueue(manager: EntityManager, jobs: readonly NewSyncJob[], now: Date): Promise<void> {
    if (jobs.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.tables.syncJobs} (ticket_id, connector, action, idempotency_key, payload, next_attempt_at)
       SELECT job.ticket_id, job.connector, job.action, job.idempotency_key, job.payload, $2
       FROM json_to_recordset($1::json) AS job(position int, ticket_id uuid, connector text, action text, idempotency_key text, payload jsonb)
       ORDER BY job.position
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        JSON.stringify(
          jobs.map((job, position) => ({
            position,
            ticket_id: job.ticketId,
            connector: job.connector,
            action: job.action,
            idempotency_key: job.idempotencyKey,
            payload: job.payload,
          })),
        ),
        now,
      ],
    );
  }

  /** Connectors with work `claim` would hand out at `now`. */
  async dueConnectors(now: Date): Promise<string[]> {
    const rows = await queryRows(
      this.dataSource,
      z.object({ connector: z.string() }),
      `SELECT DISTINCT job.connector FROM ${this.tables.syncJobs} job
       WHERE ${this.claimable}`,
      [now],
    );
    return rows.map((row) => row.connector);
  }

  /**
   * Leases up to `limit` due jobs of a connector until `now + leaseMs`. Only
   * the oldest pending job of each ticket is eligible: a ticket's changes
   * reach the external system in the order they happened, and a job waiting
   * for its retry holds back the ones behind it.
   */
  async claim(connector: string, now: Date, limit: number, leaseMs: number): Promise<SyncJob[]> {
    const rows = await queryRows(
      this.dataSource,
      syncJobRow,
      `UPDATE ${this.tables.syncJobs} SET leased_until = $1::timestamptz + make_interval(secs => $4::double precision / 1000)
       WHERE id IN (
         SELECT job.id FROM ${this.tables.syncJobs} job
         WHERE job.connector = $2 AND ${this.claimable}
         ORDER BY job.id LIMIT $3
         FOR UPDATE OF job SKIP LOCKED)
       RETURNING ${jobColumns}`,
      [now, connector, limit, leaseMs],
    );
    return rows.map(toSyncJob).sort((a, b) => Number(a.id) - Number(b.id));
  }

  async succeeded(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.tables.syncJobs} SET state = 'done', attempts = attempts + 1, finished_at = $2, leased_until = NULL, last_error = NULL, last_status = NULL
       WHERE id = $1 AND state = 'pending'`,
      [id, now],
    );
  }

  /** Counts the try and schedules the next one. */
  async retryLater(id: string, nextAttemptAt: Date, error: string, status: number | undefined): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.tables.syncJobs} SET attempts = attempts + 1, next_attempt_at = $2, leased_until = NULL, last_error = $3, last_status = $4
       WHERE id = $1 AND state = 'pending'`,
      [id, nextAttemptAt, error, status ?? null],
    );
  }

  /** Counts the try and parks the job: retrying cannot help. */
  async failed(id: string, now: Date, error: string, status: number | undefined): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.tables.syncJobs} SET state = 'failed', attempts = attempts + 1, finished_at = $2, leased_until = NULL, last_error = $3, last_status = $4
       WHERE id = $1 AND state = 'pending'`,
      [id, now, error, status ?? null],
    );
  }

  /** Gives leased jobs back untried (the breaker opened before their turn). */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE ${this.tables.syncJobs} SET leased_until = NULL WHERE id = ANY($1::bigint[]) AND state = 'pending'`, [ids]);
  }

  /** A failed job back in the queue, due now (after a person fixed what the system refused). */
  async requeue(id: string, now: Date): Promise<SyncJob | undefined> {
    const row = await queryRow(
      this.dataSource,
      syncJobRow,
      `UPDATE ${this.tables.syncJobs} SET state = 'pending', next_attempt_at = $2, finished_at = NULL, leased_until = NULL
       WHERE id = $1 AND state = 'failed' RETURNING ${jobColumns}`,
      [id, now],
    );
    return row && toSyncJob(row);
  }

  async byId(id: string): Promise<SyncJob | undefined> {
    const row = await queryRow(this.dataSource, syncJobRow, `SELECT ${jobColumns} FROM ${this.tables.syncJobs} WHERE id = $1`, [id]);
    return row && toSyncJob(row);
  }

  /** Newest first, keyset-paginated on the job id. */
  async list(query: SyncJobQuery): Promise<{ jobs: SyncJob[]; nextCursor?: string }> {
    const rows = await queryRows(
      this.dataSource,
      syncJobRow,
      `SELECT ${jobColumns} FROM ${this.tables.syncJobs}
       WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR connector = $2) AND ($3::uuid IS NULL OR ticket_id = $3)
         AND ($4::bigint IS NULL OR id < $4)
       ORDER BY id DESC LIMIT $5`,
      [query.state ?? null, query.connector ?? null, query.ticketId ?? null, query.cursor ?? null, query.limit + 1],
    );
    const jobs = rows.slice(0, query.limit).map(toSyncJob);
    const last = jobs.at(-1);
    return { jobs, ...(rows.length > query.limit && last ? { nextCursor: last.id } : {}) };
  }

  /** Per connector: how much work waits, how much was refused, and since when the oldest has waited. */
  async backlog(): Promise<Map<string, { pending: number; failed: number; oldestPendingAt?: Date }>> {
    const rows = await queryRows(
      this.dataSource,
      backlogRow,
      `SELECT connector, count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'failed')::int AS failed,
              min(created_at) FILTER (WHERE state = 'pending') AS oldest_pending_at
       FROM ${this.tables.syncJobs} WHERE state <> 'done' GROUP BY connector`,
    );
    return new Map(
      rows.map((row) => [
        row.connector,
        { pending: row.pending, failed: row.failed, ...(row.oldest_pending_at ? { oldestPendingAt: row.oldest_pending_at } : {}) },
      ]),
    );
  }
}

/** Every try to create a ticket's external twin, from whichever job, sends this key. */
export function createKeyOf(ticketId: string): string {
  return `hookline:${ticketId}:create`;
}

function toSyncJob(row: SyncJobRow): SyncJob {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    connector: row.connector,
    action: row.action,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.last_status === null ? {} : { lastStatus: row.last_status }),
    createdAt: row.created_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}
