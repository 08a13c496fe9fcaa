import type { Client } from 'pg';
import type { AlertStorm } from './alert-storm';
import type { TestPipeline } from './pipeline-harness';
import type { TicketDesk } from './ticket-desk';
import type { StreamCounts } from './webhook-sender';

/** Where every alert of a storm ended up, read through the apps' APIs and their Postgres schemas. */
export interface StormAccount {
  sent: number;
  acknowledged: number;
  /** Firing alerts the correlator counted on the service's incidents (sum of occurrences). */
  counted: number;
  incidents: number;
  resolved: number;
  tickets: number;
  closedTickets: number;
  /** Tickets whose incident status is the correlator's latest: ticketing applied every change. */
  ticketsUpToDate: number;
  ledgerEntries: number;
  /** Entries at the incident's latest revision and status: the ledger applied every change. */
  ledgerUpToDate: number;
  /** Unresolved incidents the public page lists on the service's component. */
  statusPageUnresolved: number;
  /** External tickets in the desk, when the team syncs to one. */
  deskTickets?: number;
  /**
   * Alerts counted more often than acknowledged, second incidents of a group, second tickets,
   * status-page incidents or external tickets of an incident, and incident changes the ledger recorded twice.
   */
  duplicates: number;
}

/**
 * Counts a storm's outcome. `database` is the Postgres the pipeline runs on;
 * the SQL reads only what the APIs do not show (occurrences, duplicates).
 */
export async function accountForStorm(options: {
  pipeline: TestPipeline;
  database: Client;
  service: string;
  component: string;
  /** The firing webhooks' counts (the recovery's resolves count on no incident). */
  counts: StreamCounts;
  desk?: TicketDesk;
}): Promise<StormAccount> {
  const { pipeline, database, service } = options;
  const incidents = await pipeline.client.incidents(service);
  const incidentIds = incidents.map((incident) => incident.incidentId);
  const latest = new Map(incidents.map((incident) => [incident.incidentId, incident]));
  const tickets = (await pipeline.client.tickets(pipeline.catalog.team)).filter((ticket) => ticket['service'] === service);
  const entries = await pipeline.client.ledgerEntries(service);
  const summary = await pipeline.client.statusSummary();

  const [{ counted }] = (
    await database.query(
      `SELECT coalesce(sum(a.occurrences), 0)::int AS counted FROM correlator.incident_alerts a JOIN correlator.incidents i ON i.id = a.incident_id WHERE i.service = $1`,
      [service],
    )
  ).rows as [{ counted: number }];
  const duplicateRows = (
    await database.query(
      `SELECT (SELECT count(*) - count(DISTINCT correlation_key) FROM correlator.incidents WHERE service = $1)
            + (SELECT count(*) - count(DISTINCT incident_id) FROM ticketing.tickets WHERE service = $1)
            + (SELECT count(*) - count(DISTINCT source_incident_id) FROM statuspage.incidents WHERE service = $1)
            + (SELECT count(*) - count(DISTINCT (incident_id, source, revision)) FROM ledger.entry_history WHERE incident_id = ANY($2::text[]))
            AS duplicates`,
      [service, incidentIds],
    )
  ).rows as [{ duplicates: string }];
  const deskDuplicates = options.desk ? incidentIds.filter((id) => (options.desk?.ticketsFor(id).length ?? 0) > 1).length : 0;

  return {
    sent: options.counts.sent,
    acknowledged: options.counts.acknowledged,
    counted,
    incidents: incidents.length,
    resolved: incidents.filter((incident) => incident.status === 'resolved').length,
    tickets: tickets.length,
    closedTickets: tickets.filter((ticket) => ticket.status === 'closed').length,
    ticketsUpToDate: tickets.filter((ticket) => ticket['incidentStatus'] === latest.get(ticket.incidentId)?.status).length,
    ledgerEntries: entries.length,
    ledgerUpToDate: entries.filter((entry) => {
      const incident = latest.get(entry.incidentId);
      return incident !== undefined && entry['revision'] === incident['revision'] && entry.status === incident.status;
    }).length,
    statusPageUnresolved: summary.incidents.filter((shown) => shown.components.some((component) => component.id === options.component)).length,
    ...(options.desk ? { deskTickets: incidentIds.reduce((sum, id) => sum + (options.desk?.ticketsFor(id).length ?? 0), 0) } : {}),
    duplicates:
      Math.max(0, counted - options.counts.acknowledged) +
      Number(duplicateRows[0].duplicates) +
      deskDuplicates +
      (entries.length - new Set(entries.map((entry) => entry.incidentId)).size),
  };
}

/**
 * What a storm's account must come to once the pipeline has caught up:
 * every firing webhook acknowledged and counted once, every group one
 * incident everywhere. `counts` are the firing webhooks' (not the recovery's).
 */
export function expectedAccount(storm: AlertStorm, counts: StreamCounts, withDesk: boolean): StormAccount {
  const groups = storm.shape.groups;
  const open = groups - storm.recoveredGroups;
  return {
    sent: counts.sent,
    // Senders retry until they are answered: every webhook sent ends acknowledged.
    acknowledged: counts.sent,
    counted: counts.acknowledged,
    incidents: groups,
    resolved: storm.recoveredGroups,
    tickets: groups,
    closedTickets: storm.recoveredGroups,
    ticketsUpToDate: groups,
    ledgerEntries: groups,
    ledgerUpToDate: groups,
    statusPageUnresolved: open,
    ...(withDesk ? { deskTickets: groups } : {}),
    duplicates: 0,
  };
}
