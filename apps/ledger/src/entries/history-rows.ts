import type { IncidentEvent, MaintenanceEvent, TicketEvent } from '@hookline/contracts/events';
import type { LedgerRates } from './ledger-rates';

/** One row of `ledger.entry_history`, as json_populate_recordset reads it (absent values are null). */
export type HistoryRow = Record<(typeof historyColumns)[number], string | number | boolean | null>;

export const historyColumns = [
  'source_event_id',
  'source',
  'change_type',
  'incident_id',
  'revision',
  'occurred_at',
  'status',
  'severity',
  'title',
  'service',
  'tier',
  'team',
  'component',
  'opened_at',
  'acknowledged_at',
  'acknowledged_by',
  'resolved_at',
  'resolution_reason',
  'resolved_by',
  'alert_count',
  'flapping',
  'test',
  'cost_per_minute',
  'severity_weight',
  'ticket_id',
  'ticket_status',
  'ticket_priority',
  'ticket_system',
  'ticket_external_id',
  'ticket_url',
] as const;

const blank: HistoryRow = Object.fromEntries(historyColumns.map((column) => [column, null])) as HistoryRow;

/** An incident change with the catalog's cost and severity weight as they are now, so the row prices itself forever after. */
export function incidentHistoryRow(event: IncidentEvent, rates: LedgerRates): HistoryRow {
  const { data } = event;
  return {
    ...blank,
    source_event_id: event.id,
    source: 'incident',
    change_type: event.type,
    incident_id: data.incidentId,
    revision: data.revision,
    occurred_at: event.time,
    status: data.status,
    severity: data.severity,
    title: data.title,
    service: data.service ?? null,
    tier: data.tier ?? null,
    team: data.team ?? null,
    component: data.component ?? null,
    opened_at: data.openedAt,
    acknowledged_at: data.acknowledgedAt ?? null,
    acknowledged_by: data.acknowledgedBy ?? null,
    resolved_at: data.resolvedAt ?? null,
    resolution_reason: data.resolution?.reason ?? null,
    resolved_by: data.resolution?.resolvedBy ?? null,
    alert_count: data.alertCount,
    flapping: data.flapping,
    test: data.test,
    cost_per_minute: rates.costPerMinute(data.service) ?? null,
    severity_weight: rates.severityWeight(data.severity),
  };
}

export function ticketHistoryRow(event: TicketEvent): HistoryRow {
  const { data } = event;
  return {
    ...blank,
    source_event_id: event.id,
    source: 'ticket',
    change_type: event.type,
    incident_id: data.incidentId,
    revision: data.revision,
    occurred_at: event.time,
    // The team the ticket was routed to: the entry's handling team.
    team: data.team ?? null,
    ticket_id: data.ticketId,
    ticket_status: data.status,
    ticket_priority: data.priority,
    ticket_system: data.externalRef?.system ?? null,
    ticket_external_id: data.externalRef?.id ?? null,
    ticket_url: data.externalRef?.url ?? null,
  };
}

/** A maintenance window as `ledger.maintenance_windows` holds it. */
export interface MaintenanceRow {
  maintenance_id: string;
  revision: number;
  title: string;
  components: string[];
  starts_at: string;
  ends_at: string;
  cancelled: boolean;
}

/** The newest revision of each window in a batch: a batch may carry several events of one window. */
export function latestMaintenanceRows(events: readonly MaintenanceEvent[]): MaintenanceRow[] {
  const latest = new Map<string, MaintenanceEvent['data']>();
  for (const { data } of events) {
    const held = latest.get(data.maintenanceId);
    if (!held || held.revision < data.revision) latest.set(data.maintenanceId, data);
  }
  return [...latest.values()].map((data) => ({
    maintenance_id: data.maintenanceId,
    revision: data.revision,
    title: data.title,
    components: data.components,
    starts_at: data.startsAt,
    ends_at: data.endsAt,
    cancelled: data.cancelled,
  }));
}
