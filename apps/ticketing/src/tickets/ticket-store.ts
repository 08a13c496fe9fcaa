import type { ExternalTicketRef, IncidentStatus, Severity, TicketClosedReason, TicketPriority, TicketStatus } from '@hookline/contracts/events';
import { optionalField } from '@hookline/contracts/events';
import { takeKeyLocks } from '@hookline/platform/persistence';
import type { EntityManager } from 'typeorm';
import type { TicketingTables } from '../db/tables';
import type { TicketComment } from './ticket-lifecycle';
import { type TicketRecord } from './ticket-records';

export const ticketColumns = [
  'id',
  'incident_id',
  'incident_revision',
  'incident_status',
  'revision',
  'title',
  'priority',
  'status',
  'team',
  'queue',
  'assignee',
  'service',
  'tier',
  'severity',
  'alert_count',
  'flapping',
  'acknowledged_by',
  'acknowledged_at',
  'resolution_note',
  'closed_reason',
  'closed_by',
  'wont_fix',
  'external_system',
  'external_id',
  'external_url',
  'opened_at',
  'closed_at',
] as const;

export type TicketRow = Record<(typeof ticketColumns)[number], unknown> & { seq?: string; updated_at?: Date };

export interface StoredComment extends TicketComment {
  id: string;
  at: Date;
}

/** Reads and writes tickets and their comments inside the caller's transaction. */
export class TicketStore {
  constructor(private readonly tables: TicketingTables) {}

  /**
   * Serialises all work on one incident's ticket across replicas, including
   * its creation, when there is no row yet to lock. The unique index on
   * `incident_id` stays the last word should anything bypass it.
   */
  async lockIncidents(manager: EntityManager, incidentIds: readonly string[]): Promise<void> {
    await takeKeyLocks(manager, 'hookline.ticketing.incident', incidentIds);
  }

  /** The incidents' tickets by incident id, locked until the transaction ends. */
  async byIncidents(manager: EntityManager, incidentIds: readonly string[]): Promise<Map<string, TicketRecord>> {
    const rows: TicketRow[] = await manager.query(
      `SELECT ${ticketColumns.join(', ')} FROM ${this.tables.tickets} WHERE incident_id = ANY($1::text[]) ORDER BY incident_id FOR UPDATE`,
      [[...new Set(incidentIds)]],
    );
    return new Map(rows.map((row) => [String(row.incident_id), toTicketRecord(row)]));
  }

  /** Locks the row until the transaction ends. */
  async byId(manager: EntityManager, id: string): Promise<TicketRecord | undefined> {
    const rows: TicketRow[] = await manager.query(`SELECT ${ticketColumns.join(', ')} FROM ${this.tables.tickets} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] && toTicketRecord(rows[0]);
  }

  /** Without a lock: what a sync job reads before it calls out. */
  async externalRefOf(manager: EntityManager, id: string): Promise<TicketRecord['externalRef']> {
    const rows: TicketRow[] = await manager.query(`SELECT ${ticketColumns.join(', ')} FROM ${this.tables.tickets} WHERE id = $1`, [id]);
    return rows[0] && toTicketRecord(rows[0]).externalRef;
  }

  async save(manager: EntityManager, ticket: TicketRecord): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.tables.tickets} (${ticketColumns.join(', ')})
       SELECT ${ticketColumns.join(', ')} FROM json_populate_record(NULL::${this.tables.tickets}, $1::json)
       ON CONFLICT (id) DO UPDATE SET ${ticketColumns
         .filter((column) => column !== 'id')
         .map((column) => `${column} = EXCLUDED.${column}`)
         .join(', ')}, updated_at = now()`,
      [JSON.stringify(toTicketRow(ticket))],
    );
  }

  /** Appends comments in order; returns them with their ids (which key their sync jobs). One or two per change, so one insert each. */
  async addComments(manager: EntityManager, ticketId: string, comments: readonly TicketComment[], at: Date): Promise<StoredComment[]> {
    const stored: StoredComment[] = [];
    for (const comment of comments) {
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO ${this.tables.comments} (ticket_id, at, author, body) VALUES ($1, $2, $3, $4) RETURNING id`,
        [ticketId, at, comment.author, comment.body],
      );
      if (row) stored.push({ id: row.id, at, ...comment });
    }
    return stored;
  }
}

export function toTicketRow(ticket: TicketRecord): TicketRow {
  return {
    id: ticket.id,
    incident_id: ticket.incidentId,
    incident_revision: ticket.incidentRevision,
    incident_status: ticket.incidentStatus,
    revision: ticket.revision,
    title: ticket.title,
    priority: ticket.priority,
    status: ticket.status,
    team: ticket.team ?? null,
    queue: ticket.queue ?? null,
    assignee: ticket.assignee ?? null,
    service: ticket.service ?? null,
    tier: ticket.tier ?? null,
    severity: ticket.severity,
    alert_count: ticket.alertCount,
    flapping: ticket.flapping,
    acknowledged_by: ticket.acknowledgedBy ?? null,
    acknowledged_at: ticket.acknowledgedAt ?? null,
    resolution_note: ticket.resolutionNote ?? null,
    closed_reason: ticket.closedReason ?? null,
    closed_by: ticket.closedBy ?? null,
    wont_fix: ticket.wontFix,
    external_system: ticket.externalRef?.system ?? null,
    external_id: ticket.externalRef?.id ?? null,
    external_url: ticket.externalRef?.url ?? null,
    opened_at: ticket.openedAt,
    closed_at: ticket.closedAt ?? null,
  };
}

export function toTicketRecord(row: TicketRow): TicketRecord {
  const externalRef: ExternalTicketRef | undefined =
    row.external_system === null || row.external_id === null
      ? undefined
      : { system: row.external_system as string, id: row.external_id as string, ...optionalField('url', row.external_url as string | null) };
  return {
    id: row.id as string,
    incidentId: row.incident_id as string,
    incidentRevision: row.incident_revision as number,
    incidentStatus: row.incident_status as IncidentStatus,
    revision: row.revision as number,
    title: row.title as string,
    priority: row.priority as TicketPriority,
    status: row.status as TicketStatus,
    ...optionalField('team', row.team as string | null),
    ...optionalField('queue', row.queue as string | null),
    ...optionalField('assignee', row.assignee as string | null),
    ...optionalField('service', row.service as string | null),
    ...optionalField('tier', row.tier as string | null),
    severity: row.severity as Severity,
    alertCount: row.alert_count as number,
    flapping: row.flapping as boolean,
    ...optionalField('acknowledgedBy', row.acknowledged_by as string | null),
    ...optionalField('acknowledgedAt', row.acknowledged_at as Date | null),
    ...optionalField('resolutionNote', row.resolution_note as string | null),
    ...optionalField('closedReason', row.closed_reason as TicketClosedReason | null),
    ...optionalField('closedBy', row.closed_by as string | null),
    wontFix: row.wont_fix as boolean,
    ...optionalField('externalRef', externalRef),
    openedAt: row.opened_at as Date,
    ...optionalField('closedAt', row.closed_at as Date | null),
  };
}
