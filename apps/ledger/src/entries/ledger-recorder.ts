import { Inject, Injectable } from '@nestjs/common';
import { type IncidentEvent, type MaintenanceEvent, type TicketEvent, topics } from '@hookline/contracts/events';
import { Inbox, queryRows } from '@hookline/platform/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { type HistoryRow, historyColumns, incidentHistoryRow, latestMaintenanceRows, ticketHistoryRow } from './history-rows';
import { LedgerRates } from './ledger-rates';

/** The incidents a write touched: a few per batch, so checking them costs nothing that matters. */
const incidentIdRow = z.object({ incident_id: z.string() });

/**
 * Applies the three streams the ledger reads, one Postgres transaction per
 * batch: the inbox drops events seen before, the history keeps every change
 * (its unique source event id is a second guard against replays), and
 * `ledger.rebuild_entries` derives the entries, their outage spans and the
 * monthly pre-aggregate from the history.
 *
 * Incident, ticket and maintenance events come from different topics and
 * partitions, so they arrive in any order relative to each other; every
 * rebuild reads whatever has arrived of all three, so the result does not
 * depend on the order. The rebuilds are serialised by one advisory lock:
 * two of them touching the same service-month concurrently could each miss
 * the other's spans. Incident volume is low, so one writer at a time costs
 * nothing that matters.
 */
@Injectable()
export class LedgerRecorder {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(LedgerRates) private readonly rates: LedgerRates,
  ) {}

  /** Returns how many events were new. */
  recordIncidents(events: readonly IncidentEvent[]): Promise<number> {
    return this.recordHistory(topics.incident.name, events, (event) => incidentHistoryRow(event, this.rates));
  }

  recordTickets(events: readonly TicketEvent[]): Promise<number> {
    return this.recordHistory(topics.ticket.name, events, ticketHistoryRow);
  }

  /**
   * A window that appears, moves or is cancelled changes the figures of the
   * incidents it overlaps, before or after the change: those are rebuilt.
   */
  recordMaintenance(events: readonly MaintenanceEvent[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const fresh = await this.claim(manager, topics.maintenance.name, events);
      const rows = latestMaintenanceRows(fresh);
      if (rows.length === 0) return 0;
      const windows = JSON.stringify(rows);
      const affected = await queryRows(
        manager,
        incidentIdRow,
        `SELECT DISTINCT span.incident_id
         FROM ledger.outage_spans AS span
         JOIN (
           SELECT unnest(held.components) AS component, held.starts_at, held.ends_at
           FROM ledger.maintenance_windows AS held WHERE held.maintenance_id = ANY($2::text[])
           UNION ALL
           SELECT unnest(incoming.components), incoming.starts_at, incoming.ends_at
           FROM json_populate_recordset(NULL::ledger.maintenance_windows, $1::json) AS incoming
         ) AS window_ ON span.component = window_.component AND span.starts_at < window_.ends_at
                      AND (span.ends_at IS NULL OR span.ends_at > window_.starts_at)`,
        [windows, rows.map((row) => row.maintenance_id)],
      );
      await manager.query(
        `INSERT INTO ledger.maintenance_windows (maintenance_id, revision, title, components, starts_at, ends_at, cancelled)
         SELECT maintenance_id, revision, title, components, starts_at, ends_at, cancelled
         FROM json_populate_recordset(NULL::ledger.maintenance_windows, $1::json)
         ON CONFLICT (maintenance_id) DO UPDATE
           SET (revision, title, components, starts_at, ends_at, cancelled, updated_at)
             = (EXCLUDED.revision, EXCLUDED.title, EXCLUDED.components, EXCLUDED.starts_at, EXCLUDED.ends_at, EXCLUDED.cancelled, now())
           WHERE maintenance_windows.revision < EXCLUDED.revision`,
        [windows],
      );
      const incidentIds = affected.map((row) => row.incident_id);
      await this.rebuild(manager, incidentIds);
      // Their spans are as they were, so the rebuild refreshed none of their months: the maintenance in them has changed.
      // `span_digests` yields each service-month the incidents' spans count in, once.
      await manager.query(
        `SELECT ledger.refresh_service_months(coalesce(array_agg(pair.service), '{}'), coalesce(array_agg(pair.month), '{}'))
         FROM ledger.span_digests($1::text[]) AS pair`,
        [incidentIds],
      );
      return fresh.length;
    });
  }

  private recordHistory<E extends { id: string }>(topic: string, events: readonly E[], toRow: (event: E) => HistoryRow): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const fresh = await this.claim(manager, topic, events);
      if (fresh.length === 0) return 0;
      const inserted = await queryRows(
        manager,
        incidentIdRow,
        `INSERT INTO ledger.entry_history (${historyColumns.join(', ')})
         SELECT ${historyColumns.join(', ')} FROM json_populate_recordset(NULL::ledger.entry_history, $1::json)
         ON CONFLICT (source_event_id) DO NOTHING
         RETURNING incident_id`,
        [JSON.stringify(fresh.map(toRow))],
      );
      await this.rebuild(
        manager,
        inserted.map((row) => row.incident_id),
      );
      return fresh.length;
    });
  }

  /** Takes the ledger's write lock, then keeps the events the inbox has not seen. */
  private async claim<E extends { id: string }>(manager: EntityManager, topic: string, events: readonly E[]): Promise<E[]> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('hookline.ledger.writer'))`);
    return this.inbox.claim(manager, topic, events);
  }

  private async rebuild(manager: EntityManager, incidentIds: readonly string[]): Promise<void> {
    const distinct = [...new Set(incidentIds)];
    if (distinct.length > 0) await manager.query('SELECT ledger.rebuild_entries($1::text[])', [distinct]);
  }
}
