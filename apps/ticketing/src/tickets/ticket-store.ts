import { Inject, Injectable } from '@nestjs/common';
import { type ExternalTicketRef, incidentStatus, optionalField, severity, ticketClosedReason, ticketPriority, ticketStatus } from '@hookline/contracts/events';
import { queryRow, queryRows, takeKeyLocks } from '@hookline/platform/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { type TicketingTables, tablesOf } from '../db/tables';
import type { TicketComment } from './ticket-lifecycle';
import { type TicketRecord } from './ticket-records';

/** A row of the tickets table, as read and as written (`json_populate_record`). */
export const ticketRowSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  incident_revision: z.number(),
  incident_status: incidentStatus,
  revision: z.number(),
  title: z.string(),
  priority: ticketPriority,
  status: ticketStatus,
  team: z.string().nullable(),
  queue: z.string().nullable(),
  assignee: z.string().nullable(),
  service: z.string().nullable(),
  tier: z.string().nullable(),
  severity,
  alert_count: z.number(),
  flapping: z.boolean(),
  acknowledged_by: z.string().nullable(),
  acknowledged_at: z.date().nullable(),
  resolution_note: z.string().nullable(),
  closed_reason: ticketClosedReason.nullable(),
  closed_by: z.string().nullable(),
  wont_fix: z.boolean(),
  external_system: z.string().nullable(),
  external_id: z.string().nullable(),
  external_url: z.string().nullable(),
  opened_at: z.date(),
  closed_at: z.date().nullable(),
});
export type TicketRow = z.output<typeof ticketRowSchema>;
export const ticketColumns = ticketRowSchema.keyof().options;

export interface StoredComment extends TicketComment {
  id: string;
  at: Date;
}

/** Reads and writes tickets and their comments inside the caller's transaction. */
@Injectable()
export class TicketStore {
  private readonly tables: TicketingTables;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.tables = tablesOf(dataSource);
  }

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
    const rows = await queryRows(
      manager,
      ticketRowSchema,
      `SELECT ${ticketColumns.join(', ')} FROM ${this.tables.tickets} WHERE incident_id = ANY($1::text[]) ORDER BY incident_id FOR UPDATE`,
      [[...new Set(incidentIds)]],
    );
    return new Map(rows.map((row) => [row.incident_id, toTicketRecord(row)]));
  }

  /** Locks the row until the transaction ends. */
  async byId(manager: EntityManager, id: string): Promise<TicketRecord | undefined> {
    const row = await queryRow(manager, ticketRowSchema, `SELECT ${ticketColumns.join(', ')} FROM ${this.tables.tickets} WHERE id = $1 FOR UPDATE`, [id]);
    return row && toTicketRecord(row);
  }

  /** Without a lock: what a sync job reads before it calls out. */
  async externalRefOf(manager: EntityManager, id: string): Promise<TicketRecord['externalRef']> {
    const row = await queryRow(manager, ticketRowSchema, `SELECT ${ticketColumns.join(', ')} FROM ${this.tables.tickets} WHERE id = $1`, [id]);
    return row && toTicketRecord(row).externalRef;
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
      const row = await queryRow(
        manager,
        z.object({ id: z.string() }),
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
      : { system: row.external_system, id: row.external_id, ...optionalField('url', row.external_url) };
  return {
    id: row.id,
    incidentId: row.incident_id,
    incidentRevision: row.incident_revision,
    incidentStatus: row.incident_status,
    revision: row.revision,
    title: row.title,
    priority: row.priority,
    status: row.status,
    ...optionalField('team', row.team),
    ...optionalField('queue', row.queue),
    ...optionalField('assignee', row.assignee),
    ...optionalField('service', row.service),
    ...optionalField('tier', row.tier),
    severity: row.severity,
    alertCount: row.alert_count,
    flapping: row.flapping,
    ...optionalField('acknowledgedBy', row.acknowledged_by),
    ...optionalField('acknowledgedAt', row.acknowledged_at),
    ...optionalField('resolutionNote', row.resolution_note),
    ...optionalField('closedReason', row.closed_reason),
    ...optionalField('closedBy', row.closed_by),
    wontFix: row.wont_fix,
    ...optionalField('externalRef', externalRef),
    openedAt: row.opened_at,
    ...optionalField('closedAt', row.closed_at),
  };
}
