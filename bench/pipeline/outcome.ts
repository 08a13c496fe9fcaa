import { topics } from '@hookline/contracts/events';
import type { Client } from 'pg';
import type { DuplicateCounts } from './pipeline-watch';
import type { GroupOutcome } from './storm-webhooks';

/** Per app: rows found for the integration's incidents, and rows missing or not at the incident's final state. */
export interface AppView {
  found: number;
  missing: number;
  stale: number;
}

export interface StormOutcome {
  incidents: {
    expected: number;
    found: number;
    /** Groups with no incident. */
    missingGroups: number;
    /** Groups with more than one incident: a duplicate. */
    groupsWithSeveral: number;
    /** Final status, reopen count or alert count not what the storm implies. */
    wrongState: number;
  };
  tickets: AppView;
  ledger: AppView & { historyGaps: number; historyDuplicates: number };
  statusPage: AppView;
  duplicates: DuplicateCounts;
  lost: number;
  duplicated: number;
}

interface IncidentRow {
  id: string;
  correlation_key: string;
  status: string;
  revision: number;
  alert_count: number;
  reopens: number;
}

/** Alert events the correlator has applied (its inbox), on `ingress.alert.v1`. */
export async function appliedAlertEvents(db: Client): Promise<number> {
  const { rows } = await db.query('SELECT count(*) AS n FROM correlator.inbox WHERE topic = $1', [topics.alert.name]);
  return Number((rows[0] as { n: string }).n);
}

/**
 * Compares what every app holds for one integration's incidents with what
 * the storm implies: one incident per group, in the group's final state, and
 * in ticketing, the ledger and the status page the same incident at the
 * same revision. Run after the apps caught up.
 */
export async function stormOutcome(
  db: Client,
  integrationId: string,
  expected: ReadonlyMap<string, GroupOutcome>,
  duplicates: DuplicateCounts,
): Promise<StormOutcome> {
  const incidents = (
    await db.query(
      `SELECT id, correlation_key, status, revision, alert_count,
              (SELECT count(*) FROM correlator.incident_timeline t WHERE t.incident_id = i.id AND t.kind = 'reopened')::int AS reopens
       FROM correlator.incidents i WHERE integration_id = $1 AND status <> 'pending'`,
      [integrationId],
    )
  ).rows as IncidentRow[];
  const byKey = new Map<string, IncidentRow[]>();
  for (const incident of incidents) byKey.set(incident.correlation_key, [...(byKey.get(incident.correlation_key) ?? []), incident]);
  let wrongState = 0;
  for (const [key, outcome] of expected) {
    const [only, ...others] = byKey.get(key) ?? [];
    if (!only || others.length > 0) continue;
    if (only.status !== outcome.status || only.reopens !== outcome.reopens || only.alert_count !== outcome.alerts) wrongState += 1;
  }
  const missingGroups = [...expected.keys()].filter((key) => !byKey.has(key)).length;
  const groupsWithSeveral = [...byKey.values()].filter((rows) => rows.length > 1).length;
  const ids = incidents.map((incident) => incident.id);
  const revision = new Map(incidents.map((incident) => [incident.id, incident]));

  const tickets = (await db.query('SELECT incident_id, status, incident_revision FROM ticketing.tickets WHERE incident_id = ANY($1)', [ids])).rows as {
    incident_id: string;
    status: string;
    incident_revision: number;
  }[];
  const ledger = (
    await db.query(
      `SELECT e.incident_id, e.status, e.revision, e.reopen_count, e.ticket_id,
              (SELECT count(*) FROM ledger.entry_history h WHERE h.source = 'incident' AND h.incident_id = e.incident_id)::int AS history_rows,
              (SELECT count(DISTINCT h.revision) FROM ledger.entry_history h WHERE h.source = 'incident' AND h.incident_id = e.incident_id)::int AS history_revisions
       FROM ledger.entries e WHERE e.incident_id = ANY($1)`,
      [ids],
    )
  ).rows as { incident_id: string; status: string; revision: number; reopen_count: number; ticket_id: string | null; history_rows: number; history_revisions: number }[];
  const statusPage = (
    await db.query('SELECT source_incident_id, source_revision FROM statuspage.incidents WHERE source_incident_id = ANY($1::uuid[])', [ids])
  ).rows as { source_incident_id: string; source_revision: number }[];

  const view = <Row>(rows: Row[], isStale: (row: Row) => boolean): AppView => ({ found: rows.length, missing: ids.length - rows.length, stale: rows.filter(isStale).length });
  const ledgerView = view(ledger, (row) => {
    const incident = revision.get(row.incident_id);
    return !incident || row.revision !== incident.revision || row.status !== incident.status || row.reopen_count !== incident.reopens || row.ticket_id === null;
  });
  const outcome: Omit<StormOutcome, 'lost' | 'duplicated'> = {
    incidents: { expected: expected.size, found: incidents.length, missingGroups, groupsWithSeveral, wrongState },
    tickets: view(tickets, (row) => {
      const incident = revision.get(row.incident_id);
      return !incident || row.incident_revision !== incident.revision || (row.status === 'closed') !== (incident.status === 'resolved');
    }),
    ledger: {
      ...ledgerView,
      historyGaps: ledger.filter((row) => row.history_revisions !== row.revision).length,
      historyDuplicates: ledger.reduce((sum, row) => sum + row.history_rows - row.history_revisions, 0),
    },
    statusPage: view(statusPage, (row) => row.source_revision !== revision.get(row.source_incident_id)?.revision),
    duplicates,
  };
  return {
    ...outcome,
    lost:
      missingGroups +
      outcome.incidents.wrongState +
      outcome.tickets.missing +
      outcome.tickets.stale +
      outcome.ledger.missing +
      outcome.ledger.stale +
      outcome.ledger.historyGaps +
      outcome.statusPage.missing +
      outcome.statusPage.stale,
    duplicated:
      groupsWithSeveral +
      outcome.ledger.historyDuplicates +
      duplicates.incidentChanges +
      duplicates.ticketChanges +
      duplicates.incidentsWithSeveralTickets,
  };
}
