import { Inject, Injectable } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import { DataSource } from 'typeorm';
import { z } from 'zod';

export const entryPageQuerySchema = z
  .object({
    cursor: z.string().max(512).optional(),
    service: z.string().min(1).max(256).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type EntryPageQuery = z.infer<typeof entryPageQuerySchema>;

/** A ledger entry as the API shows it: every column, null where the table has no value. */
export interface EntryView {
  incidentId: string;
  service: string | null;
  component: string | null;
  tier: string | null;
  /** The owning team: the service's, from the catalog. */
  team: string | null;
  /** The team the incident's ticket was routed to; null without a ticket. */
  handlingTeam: string | null;
  title: string;
  severity: string;
  status: string;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolutionReason: string | null;
  resolvedBy: string | null;
  alertCount: number;
  reopenCount: number;
  ticket: { id: string; system: string | null; ref: string | null; url: string | null } | null;
  inMaintenance: boolean;
  durationSeconds: number | null;
  maintenanceSeconds: number | null;
  weightedDowntimeSeconds: number | null;
  timeToAcknowledgeSeconds: number | null;
  timeToResolveSeconds: number | null;
  costPerMinute: number | null;
  downtimeCost: number | null;
  test: boolean;
  revision: number;
  updatedAt: string;
}

export interface EntryPage {
  entries: EntryView[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface EntryChange {
  source: 'incident' | 'ticket';
  changeType: string;
  revision: number;
  occurredAt: string;
  recordedAt: string;
  sourceEventId: string;
  status: string | null;
  severity: string | null;
  ticketId: string | null;
  ticketRef: string | null;
}

export interface EntryDetail {
  entry: EntryView;
  /** Every change the ledger applied to this entry, oldest first. */
  history: EntryChange[];
}

type EntryRow = Record<string, unknown> & { incident_id: string; cursor_opened_at: string };

const entryColumns = `incident_id, service, component, tier, team, handling_team, title, severity, status, opened_at, acknowledged_at, acknowledged_by,
  resolved_at, resolution_reason, resolved_by, alert_count, reopen_count, ticket_id, ticket_system, ticket_ref, ticket_url, in_maintenance,
  duration_seconds, maintenance_seconds, weighted_downtime_seconds, time_to_acknowledge_seconds, time_to_resolve_seconds, cost_per_minute,
  downtime_cost, test, revision, updated_at,
  to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_opened_at`;

/**
 * Entries newest first (by opening time), keyset-paginated: the cursor is
 * the last row's (opened_at, incident_id) to the microsecond, so a page
 * costs the same at any depth and rows inserted meanwhile neither repeat
 * nor disappear.
 */
@Injectable()
export class EntryQueries {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async page(query: EntryPageQuery): Promise<EntryPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (query.service !== undefined) {
      parameters.push(query.service);
      conditions.push(`service = $${parameters.length}`);
    }
    if (after) {
      parameters.push(after.openedAt, after.incidentId);
      conditions.push(`(opened_at, incident_id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::text)`);
    }
    parameters.push(query.limit + 1);
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT ${entryColumns} FROM ledger.entries
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY opened_at DESC, incident_id DESC LIMIT $${parameters.length}`,
      parameters,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      entries: page.map(toEntryView),
      ...(rows.length > query.limit && last ? { nextCursor: encodeCursor(last.cursor_opened_at, last.incident_id) } : {}),
    };
  }

  async detail(incidentId: string): Promise<EntryDetail> {
    const [row]: EntryRow[] = await this.dataSource.query(`SELECT ${entryColumns} FROM ledger.entries WHERE incident_id = $1`, [incidentId]);
    if (!row) throw new HooklineError('not_found', `no ledger entry for incident ${incidentId}`);
    const changes: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT source, change_type, revision, occurred_at, recorded_at, source_event_id, status, severity, ticket_id, ticket_external_id
       FROM ledger.entry_history WHERE incident_id = $1 ORDER BY id`,
      [incidentId],
    );
    return {
      entry: toEntryView(row),
      history: changes.map((change) => ({
        source: change['source'] as EntryChange['source'],
        changeType: change['change_type'] as string,
        revision: change['revision'] as number,
        occurredAt: (change['occurred_at'] as Date).toISOString(),
        recordedAt: (change['recorded_at'] as Date).toISOString(),
        sourceEventId: change['source_event_id'] as string,
        status: (change['status'] as string | null) ?? null,
        severity: (change['severity'] as string | null) ?? null,
        ticketId: (change['ticket_id'] as string | null) ?? null,
        ticketRef: (change['ticket_external_id'] as string | null) ?? null,
      })),
    };
  }
}

export function encodeCursor(openedAt: string, incidentId: string): string {
  return Buffer.from(JSON.stringify([openedAt, incidentId])).toString('base64url');
}

export function decodeCursor(cursor: string): { openedAt: string; incidentId: string } {
  const invalid = () => new HooklineError('invalid_input', 'cursor must be the nextCursor of a previous page');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = z.tuple([z.iso.datetime({ precision: 6 }), z.string().min(1).max(256)]).safeParse(decoded);
  if (!parsed.success) throw invalid();
  return { openedAt: parsed.data[0], incidentId: parsed.data[1] };
}

function toEntryView(row: Record<string, unknown>): EntryView {
  const text = (column: string) => (row[column] as string | null) ?? null;
  const number = (column: string) => (row[column] === null || row[column] === undefined ? null : Number(row[column]));
  const time = (column: string) => (row[column] instanceof Date ? (row[column] as Date).toISOString() : null);
  const ticketId = text('ticket_id');
  return {
    incidentId: row['incident_id'] as string,
    service: text('service'),
    component: text('component'),
    tier: text('tier'),
    team: text('team'),
    handlingTeam: text('handling_team'),
    title: row['title'] as string,
    severity: row['severity'] as string,
    status: row['status'] as string,
    openedAt: time('opened_at') as string,
    acknowledgedAt: time('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    resolvedAt: time('resolved_at'),
    resolutionReason: text('resolution_reason'),
    resolvedBy: text('resolved_by'),
    alertCount: row['alert_count'] as number,
    reopenCount: row['reopen_count'] as number,
    ticket: ticketId === null ? null : { id: ticketId, system: text('ticket_system'), ref: text('ticket_ref'), url: text('ticket_url') },
    inMaintenance: row['in_maintenance'] as boolean,
    durationSeconds: number('duration_seconds'),
    maintenanceSeconds: number('maintenance_seconds'),
    weightedDowntimeSeconds: number('weighted_downtime_seconds'),
    timeToAcknowledgeSeconds: number('time_to_acknowledge_seconds'),
    timeToResolveSeconds: number('time_to_resolve_seconds'),
    costPerMinute: number('cost_per_minute'),
    downtimeCost: number('downtime_cost'),
    test: row['test'] as boolean,
    revision: row['revision'] as number,
    updatedAt: time('updated_at') as string,
  };
}
