import { Inject, Injectable } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import { queryRow, queryRows } from '@hookline/platform/persistence';
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

const text = z.string().nullable();
const time = z.date().nullable();
/** Postgres hands `numeric` over as a string. */
const decimal = z.coerce.number().nullable();

/** A row of `ledger.entries` as `entryColumns` selects it. */
const entryRow = z.object({
  incident_id: z.string(),
  service: text,
  component: text,
  tier: text,
  team: text,
  handling_team: text,
  title: z.string(),
  severity: z.string(),
  status: z.string(),
  opened_at: z.date(),
  acknowledged_at: time,
  acknowledged_by: text,
  resolved_at: time,
  resolution_reason: text,
  resolved_by: text,
  alert_count: z.number(),
  reopen_count: z.number(),
  ticket_id: text,
  ticket_system: text,
  ticket_ref: text,
  ticket_url: text,
  in_maintenance: z.boolean(),
  duration_seconds: decimal,
  maintenance_seconds: decimal,
  weighted_downtime_seconds: decimal,
  time_to_acknowledge_seconds: decimal,
  time_to_resolve_seconds: decimal,
  cost_per_minute: decimal,
  downtime_cost: decimal,
  test: z.boolean(),
  revision: z.number(),
  updated_at: z.date(),
  cursor_opened_at: z.string(),
});
type EntryRow = z.output<typeof entryRow>;

const changeRow = z.object({
  source: z.enum(['incident', 'ticket']),
  change_type: z.string(),
  revision: z.number(),
  occurred_at: z.date(),
  recorded_at: z.date(),
  source_event_id: z.string(),
  status: text,
  severity: text,
  ticket_id: text,
  ticket_external_id: text,
});

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
    const rows = await queryRows(
      this.dataSource,
      entryRow,
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
    const row = await queryRow(this.dataSource, entryRow, `SELECT ${entryColumns} FROM ledger.entries WHERE incident_id = $1`, [incidentId]);
    if (!row) throw new HooklineError('not_found', `no ledger entry for incident ${incidentId}`);
    const changes = await queryRows(
      this.dataSource,
      changeRow,
      `SELECT source, change_type, revision, occurred_at, recorded_at, source_event_id, status, severity, ticket_id, ticket_external_id
       FROM ledger.entry_history WHERE incident_id = $1 ORDER BY id`,
      [incidentId],
    );
    return {
      entry: toEntryView(row),
      history: changes.map((change) => ({
        source: change.source,
        changeType: change.change_type,
        revision: change.revision,
        occurredAt: change.occurred_at.toISOString(),
        recordedAt: change.recorded_at.toISOString(),
        sourceEventId: change.source_event_id,
        status: change.status,
        severity: change.severity,
        ticketId: change.ticket_id,
        ticketRef: change.ticket_external_id,
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

function toEntryView(row: EntryRow): EntryView {
  return {
    incidentId: row.incident_id,
    service: row.service,
    component: row.component,
    tier: row.tier,
    team: row.team,
    handlingTeam: row.handling_team,
    title: row.title,
    severity: row.severity,
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolutionReason: row.resolution_reason,
    resolvedBy: row.resolved_by,
    alertCount: row.alert_count,
    reopenCount: row.reopen_count,
    ticket: row.ticket_id === null ? null : { id: row.ticket_id, system: row.ticket_system, ref: row.ticket_ref, url: row.ticket_url },
    inMaintenance: row.in_maintenance,
    durationSeconds: row.duration_seconds,
    maintenanceSeconds: row.maintenance_seconds,
    weightedDowntimeSeconds: row.weighted_downtime_seconds,
    timeToAcknowledgeSeconds: row.time_to_acknowledge_seconds,
    timeToResolveSeconds: row.time_to_resolve_seconds,
    costPerMinute: row.cost_per_minute,
    downtimeCost: row.downtime_cost,
    test: row.test,
    revision: row.revision,
    updatedAt: row.updated_at.toISOString(),
  };
}
