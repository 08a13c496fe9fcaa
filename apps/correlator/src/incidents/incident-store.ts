import type { IncidentResolution, Severity } from '@hookline/contracts/events';
import { optionalField } from '@hookline/contracts/events';
import { takeKeyLocks } from '@hookline/platform/persistence';
import type { EntityManager } from 'typeorm';
import type { AlertRecord, IncidentRecord, IncidentRecordStatus, SeverityCounts, TimelineEntry } from './incident-records';
import type { WorkspaceChanges } from './incident-workspace';

/** An alert's identity inside one incident. */
export interface AlertRef {
  incidentId: string;
  integrationId: string;
  fingerprint: string;
}

const incidentColumns = [
  'id',
  'correlation_key',
  'integration_id',
  'status',
  'revision',
  'title',
  'severity',
  'service',
  'tier',
  'team',
  'component',
  'opened_at',
  'acknowledged_at',
  'acknowledged_by',
  'resolved_at',
  'resolution',
  'last_seen_at',
  'alert_count',
  'firing',
  'flapping',
  'reopened_at',
  'resolve_due_at',
  'group_threshold',
  'group_window_seconds',
  'auto_resolve_after_seconds',
  'test',
] as const;

const alertColumns = [
  'incident_id',
  'integration_id',
  'fingerprint',
  'status',
  'severity',
  'alert_name',
  'summary',
  'first_seen_at',
  'last_seen_at',
  'occurrences',
] as const;

const timelineColumns = ['incident_id', 'at', 'kind', 'fingerprint', 'detail'] as const;

type IncidentRow = Record<(typeof incidentColumns)[number], unknown>;
type AlertRow = Record<(typeof alertColumns)[number], unknown>;

/**
 * Reads and writes the incident state of one unit of work inside the
 * caller's transaction. Writes are set-based (one statement per table,
 * rows passed as one JSON parameter), so a batch of 500 alerts costs a
 * handful of round trips rather than one per row.
 */
export class IncidentStore {
  /** Serialises work on the same correlation keys across replicas and the API. */
  async lockKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
    await takeKeyLocks(manager, 'hookline.correlator.key', keys);
  }

  /** The newest incident of each key: the one an arriving alert may join, reopen or resolve. */
  async latestForKeys(manager: EntityManager, keys: readonly string[]): Promise<IncidentRecord[]> {
    if (keys.length === 0) return [];
    const rows: IncidentRow[] = await manager.query(
      `SELECT DISTINCT ON (correlation_key) ${incidentColumns.join(', ')} FROM correlator.incidents
       WHERE correlation_key = ANY($1) ORDER BY correlation_key, seq DESC`,
      [keys],
    );
    return rows.map(toIncidentRecord);
  }

  async incident(manager: EntityManager, id: string): Promise<IncidentRecord | undefined> {
    return (await this.incidents(manager, [id]))[0];
  }

  /** In the order of `ids`; ids with no incident are left out. */
  async incidents(manager: EntityManager, ids: readonly string[]): Promise<IncidentRecord[]> {
    const rows: IncidentRow[] = await manager.query(
      `SELECT ${incidentColumns.join(', ')} FROM correlator.incidents WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
      [ids],
    );
    return rows.map(toIncidentRecord);
  }

  /** The given alerts, plus every alert of `wholeIncidents` (pending incidents count theirs against the threshold). */
  async alerts(manager: EntityManager, refs: readonly AlertRef[], wholeIncidents: readonly string[]): Promise<AlertRecord[]> {
    if (refs.length === 0 && wholeIncidents.length === 0) return [];
    const rows: AlertRow[] = await manager.query(
      // Two index lookups joined by UNION: one query with OR between them scans the whole table every batch.
      `SELECT ${alertColumns.join(', ')} FROM correlator.incident_alerts
         JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS ref (incident_id, integration_id, fingerprint) USING (incident_id, integration_id, fingerprint)
       UNION
       SELECT ${alertColumns.join(', ')} FROM correlator.incident_alerts WHERE incident_id = ANY($4::uuid[])`,
      [refs.map((ref) => ref.incidentId), refs.map((ref) => ref.integrationId), refs.map((ref) => ref.fingerprint), wholeIncidents],
    );
    return rows.map(toAlertRecord);
  }

  async save(manager: EntityManager, changes: WorkspaceChanges): Promise<void> {
    if (changes.deletedIncidentIds.length > 0) {
      await manager.query('DELETE FROM correlator.incidents WHERE id = ANY($1::uuid[])', [changes.deletedIncidentIds]);
    }
    if (changes.incidents.length > 0) {
      // Rows keep the order of `changes.incidents` (existing before new), which the one-active-per-key index relies on.
      await manager.query(
        `INSERT INTO correlator.incidents (${incidentColumns.join(', ')})
         SELECT ${incidentColumns.join(', ')} FROM json_populate_recordset(NULL::correlator.incidents, $1::json)
         ON CONFLICT (id) DO UPDATE SET ${incidentColumns
           .filter((column) => column !== 'id')
           .map((column) => `${column} = EXCLUDED.${column}`)
           .join(', ')}, updated_at = now()`,
        [JSON.stringify(changes.incidents.map(toIncidentRow))],
      );
    }
    if (changes.alerts.length > 0) {
      await manager.query(
        `INSERT INTO correlator.incident_alerts (${alertColumns.join(', ')})
         SELECT ${alertColumns.join(', ')} FROM json_populate_recordset(NULL::correlator.incident_alerts, $1::json)
         ON CONFLICT (incident_id, integration_id, fingerprint) DO UPDATE SET ${alertColumns
           .slice(3)
           .map((column) => `${column} = EXCLUDED.${column}`)
           .join(', ')}`,
        [JSON.stringify(changes.alerts.map(toAlertRow))],
      );
    }
    if (changes.timeline.length > 0) {
      await manager.query(
        `INSERT INTO correlator.incident_timeline (${timelineColumns.join(', ')})
         SELECT ${timelineColumns.join(', ')} FROM json_populate_recordset(NULL::correlator.incident_timeline, $1::json)`,
        [JSON.stringify(changes.timeline.map(toTimelineRow))],
      );
    }
  }
}

function toIncidentRow(incident: IncidentRecord): IncidentRow {
  return {
    id: incident.id,
    correlation_key: incident.correlationKey,
    integration_id: incident.integrationId,
    status: incident.status,
    revision: incident.revision,
    title: incident.title,
    severity: incident.severity,
    service: incident.service ?? null,
    tier: incident.tier ?? null,
    team: incident.team ?? null,
    component: incident.component ?? null,
    opened_at: incident.openedAt,
    acknowledged_at: incident.acknowledgedAt ?? null,
    acknowledged_by: incident.acknowledgedBy ?? null,
    resolved_at: incident.resolvedAt ?? null,
    resolution: incident.resolution ?? null,
    last_seen_at: incident.lastSeenAt,
    alert_count: incident.alertCount,
    firing: incident.firing,
    flapping: incident.flapping,
    reopened_at: incident.reopenedAt,
    resolve_due_at: incident.resolveDueAt ?? null,
    group_threshold: incident.groupThreshold,
    group_window_seconds: incident.groupWindowSeconds,
    auto_resolve_after_seconds: incident.autoResolveAfterSeconds ?? null,
    test: incident.test,
  };
}

function toIncidentRecord(row: IncidentRow): IncidentRecord {
  return {
    id: row.id as string,
    correlationKey: row.correlation_key as string,
    integrationId: row.integration_id as string,
    status: row.status as IncidentRecordStatus,
    revision: row.revision as number,
    title: row.title as string,
    severity: row.severity as Severity,
    ...optionalField('service', row.service as string | null),
    ...optionalField('tier', row.tier as string | null),
    ...optionalField('team', row.team as string | null),
    ...optionalField('component', row.component as string | null),
    openedAt: row.opened_at as Date,
    ...optionalField('acknowledgedAt', row.acknowledged_at as Date | null),
    ...optionalField('acknowledgedBy', row.acknowledged_by as string | null),
    ...optionalField('resolvedAt', row.resolved_at as Date | null),
    ...optionalField('resolution', row.resolution as IncidentResolution | null),
    lastSeenAt: row.last_seen_at as Date,
    alertCount: row.alert_count as number,
    firing: row.firing as SeverityCounts,
    flapping: row.flapping as boolean,
    reopenedAt: row.reopened_at as Date[],
    ...optionalField('resolveDueAt', row.resolve_due_at as Date | null),
    groupThreshold: row.group_threshold as number,
    groupWindowSeconds: row.group_window_seconds as number,
    ...optionalField('autoResolveAfterSeconds', row.auto_resolve_after_seconds as number | null),
    test: row.test as boolean,
  };
}

function toAlertRow(alert: AlertRecord): AlertRow {
  return {
    incident_id: alert.incidentId,
    integration_id: alert.integrationId,
    fingerprint: alert.fingerprint,
    status: alert.status,
    severity: alert.severity,
    alert_name: alert.alertName,
    summary: alert.summary,
    first_seen_at: alert.firstSeenAt,
    last_seen_at: alert.lastSeenAt,
    occurrences: alert.occurrences,
  };
}

export function toAlertRecord(row: AlertRow): AlertRecord {
  return {
    incidentId: row.incident_id as string,
    integrationId: row.integration_id as string,
    fingerprint: row.fingerprint as string,
    status: row.status as AlertRecord['status'],
    severity: row.severity as Severity,
    alertName: row.alert_name as string,
    summary: row.summary as string,
    firstSeenAt: row.first_seen_at as Date,
    lastSeenAt: row.last_seen_at as Date,
    occurrences: row.occurrences as number,
  };
}

function toTimelineRow(entry: TimelineEntry): Record<(typeof timelineColumns)[number], unknown> {
  return {
    incident_id: entry.incidentId,
    at: entry.at,
    kind: entry.kind,
    fingerprint: entry.fingerprint ?? null,
    detail: entry.detail ?? null,
  };
}
