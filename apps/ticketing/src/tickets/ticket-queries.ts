import { Inject, Injectable } from '@nestjs/common';
import { type TicketData, ticketStatus } from '@hookline/contracts/events';
import { queryRow, queryRows } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type TicketingTables, tablesOf } from '../db/tables';
import { type SyncJob, SyncJobs } from '../sync/sync-jobs';
import { toTicketData, type TicketRecord } from './ticket-records';
import { ticketColumns, ticketRowSchema, toTicketRecord } from './ticket-store';

export const cursorParam = z.string().regex(/^[0-9]{1,18}$/, 'must be the nextCursor of a previous page');
export const limitParam = z.coerce.number().int().min(1).max(200).default(50);

export const ticketListQuerySchema = z.strictObject({
  status: ticketStatus.optional(),
  team: z.string().min(1).max(256).optional(),
  cursor: cursorParam.optional(),
  limit: limitParam,
});
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

/** A ticket as the API shows it: the published ticket plus what a person handling it wants to see. */
export type TicketView = TicketData & {
  queue?: string;
  service?: string;
  severity: string;
  incidentStatus: string;
  alertCount: number;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  closedBy?: string;
  wontFix: boolean;
  openedAt: string;
  closedAt?: string;
  updatedAt: string;
  /** External sync: jobs waiting (a retry, a broken connector) and jobs the external system refused. */
  sync: { pending: number; failed: number };
};

export interface TicketPage {
  tickets: TicketView[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface SyncJobView {
  id: string;
  connector: string;
  action: string;
  state: string;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  lastStatus?: number;
  createdAt: string;
  finishedAt?: string;
}

export interface TicketDetail {
  ticket: TicketView;
  comments: { id: string; at: string; author: string; body: string }[];
  /** Oldest first: the ticket's history with its external system. */
  syncJobs: SyncJobView[];
}

/** `seq` is a bigserial (a string from Postgres); the sync counts are cast to int. */
const viewRow = ticketRowSchema.extend({ seq: z.string(), updated_at: z.date(), sync_pending: z.number(), sync_failed: z.number() });
type ViewRow = z.output<typeof viewRow>;

const commentRow = z.object({ id: z.string(), at: z.date(), author: z.string(), body: z.string() });

/** Newest first, keyset-paginated on creation order. */
@Injectable()
export class TicketQueries {
  private readonly tables: TicketingTables;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SyncJobs) private readonly jobs: SyncJobs,
  ) {
    this.tables = tablesOf(dataSource);
  }

  async list(query: TicketListQuery): Promise<TicketPage> {
    const rows = await queryRows(
      this.dataSource,
      viewRow,
      `${this.selectViews()}
       WHERE ($1::text IS NULL OR t.status = $1) AND ($2::text IS NULL OR t.team = $2) AND ($3::bigint IS NULL OR t.seq < $3)
       ORDER BY t.seq DESC LIMIT $4`,
      [query.status ?? null, query.team ?? null, query.cursor ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { tickets: page.map(toView), ...(rows.length > query.limit && last ? { nextCursor: last.seq } : {}) };
  }

  async detail(id: string): Promise<TicketDetail | undefined> {
    const row = await queryRow(this.dataSource, viewRow, `${this.selectViews()} WHERE t.id = $1`, [id]);
    if (!row) return undefined;
    const comments = await queryRows(
      this.dataSource,
      commentRow,
      `SELECT id, at, author, body FROM ${this.tables.comments} WHERE ticket_id = $1 ORDER BY id`,
      [id],
    );
    const { jobs } = await this.jobs.list({ ticketId: id, limit: 200 });
    return {
      ticket: toView(row),
      comments: comments.map((comment) => ({ id: comment.id, at: comment.at.toISOString(), author: comment.author, body: comment.body })),
      syncJobs: jobs.reverse().map(toSyncJobView),
    };
  }

  async view(id: string): Promise<TicketView | undefined> {
    return (await this.detail(id))?.ticket;
  }

  private selectViews(): string {
    return `SELECT ${ticketColumns.map((column) => `t.${column}`).join(', ')}, t.seq, t.updated_at, j.pending AS sync_pending, j.failed AS sync_failed
            FROM ${this.tables.tickets} t
            CROSS JOIN LATERAL (
              SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'failed')::int AS failed
              FROM ${this.tables.syncJobs} WHERE ticket_id = t.id AND state <> 'done') j`;
  }
}

export function toSyncJobView(job: SyncJob): SyncJobView {
  return {
    id: job.id,
    connector: job.connector,
    action: job.action,
    state: job.state,
    attempts: job.attempts,
    ...(job.state === 'pending' ? { nextAttemptAt: job.nextAttemptAt.toISOString() } : {}),
    ...(job.lastError === undefined ? {} : { lastError: job.lastError }),
    ...(job.lastStatus === undefined ? {} : { lastStatus: job.lastStatus }),
    createdAt: job.createdAt.toISOString(),
    ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt.toISOString() }),
  };
}

function toView(row: ViewRow): TicketView {
  const ticket: TicketRecord = toTicketRecord(row);
  return {
    ...toTicketData(ticket),
    ...(ticket.queue ? { queue: ticket.queue } : {}),
    ...(ticket.service ? { service: ticket.service } : {}),
    severity: ticket.severity,
    incidentStatus: ticket.incidentStatus,
    alertCount: ticket.alertCount,
    ...(ticket.acknowledgedBy ? { acknowledgedBy: ticket.acknowledgedBy } : {}),
    ...(ticket.acknowledgedAt ? { acknowledgedAt: ticket.acknowledgedAt.toISOString() } : {}),
    ...(ticket.closedBy ? { closedBy: ticket.closedBy } : {}),
    wontFix: ticket.wontFix,
    openedAt: ticket.openedAt.toISOString(),
    ...(ticket.closedAt ? { closedAt: ticket.closedAt.toISOString() } : {}),
    updatedAt: row.updated_at.toISOString(),
    sync: { pending: row.sync_pending, failed: row.sync_failed },
  };
}
