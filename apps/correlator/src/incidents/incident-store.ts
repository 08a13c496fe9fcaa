import { Injectable } from '@nestjs/common';
import { incidentResolutionSchema, optionalField, severity } from '@hookline/contracts/events';
import { queryRows, takeKeyLocks } from '@hookline/platform/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AlertRecord, AlertRecordStatus, IncidentRecord, IncidentRecordStatus, TimelineEntry } from './incident-records';
import type { WorkspaceChanges } from './incident-workspace';

/** An alert's identity inside one incident. */
export interface AlertRef {
  incidentId: string;
  integrationId: string;
  fingerprint: string;
}

const nullableText = z.string().nullable();
const severityCounts = z.tuple([z.int(), z.int(), z.int(), z.int()]);

/**
 * A row of `correlator.incidents` as the correlator reads and writes it
 * (`seq` and `updated_at` are the table's own). Its keys are the column list,
 * in the order the statements use.
 */
const incidentRowSchema = z.object({
  id: z.string(),
  correlation_key: z.string(),
  integration_id: z.string(),
  status: z.enum(['pending', 'open', 'acknowledged', 'resolved'] satisfies IncidentRecordStatus[]),
  revision: z.int(),
  title: z.string(),
  severity,
  service: nullableText,
  tier: nullableText,
  team: nullableText,
  component: nullableText,
  opened_at: z.date(),
  acknowledged_at: z.date().nullable(),
  acknowledged_by: nullableText,
  resolved_at: z.date().nullable(),
  resolution: incidentResolutionSchema.nullable(),
  last_seen_at: z.date(),
  alert_count: z.int(),
  firing: severityCounts,
  flapping: z.boolean(),
  reopened_at: z.array(z.date()),
  resolve_due_at: z.date().nullable(),
  group_threshold: z.int(),
  group_window_seconds: z.int(),
  auto_resolve_after_seconds: z.int().nullable(),
  test: z.boolean(),
});

/** A row of `correlator.incident_alerts`; the first three columns are its key. */
const alertRowSchema = z.object({
  incident_id: z.string(),
  integration_id: z.string(),
  fingerprint: z.string(),
  status: z.enum(['firing', 'resolved'] satisfies AlertRecordStatus[]),
  severity,
  alert_name: z.string(),
  summary: z.string(),
  first_seen_at: z.date(),
  last_seen_at: z.date(),
  occurrences: z.int(),
});

type IncidentRow = z.infer<typeof incidentRowSchema>;
type AlertRow = z.infer<typeof alertRowSchema>;

const incidentColumns = Object.keys(incidentRowSchema.shape) as (keyof IncidentRow)[];
const alertColumns = Object.keys(alertRowSchema.shape) as (keyof AlertRow)[];
const timelineColumns = ['incident_id', 'at', 'kind', 'fingerprint', 'detail'] as const;

/**
 * Reads and writes the incident state of one unit of work inside the
 * caller's transaction. Writes are set-based (one statement per table,
 * rows passed as one JSON parameter), so a batch of 500 alerts costs a
 * handful of round trips rather than one per row.
 */
@Injectable()
export class IncidentStore {
  /** Serialises work on the same correlation keys across replicas and the API. */
  async lockKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
    await takeKeyLocks(manager, 'hookline.correlator.key', keys);
  }

  /** The newest incident of each key: the one an arriving alert may join, reopen or resolve. */
  async latestForKeys(manager: EntityManager, keys: readonly string[]): Promise<IncidentRecord[]> {
    if (keys.length === 0) return [];
    const rows = await queryRows(
      manager,
      incidentRowSchema,
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
    const rows = await queryRows(
      manager,
      incidentRowSchema,
      `SELECT ${incidentColumns.join(', ')} FROM correlator.incidents WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
      [ids],
    );
    return rows.map(toIncidentRecord);
  }

  /** The given alerts, plus every alert of `wholeIncidents` (pending incidents count theirs against the threshold). */
  async alerts(manager: EntityManager, refs: readonly AlertRef[], wholeIncidents: readonly string[]): Promise<AlertRecord[]> {
    if (refs.length === 0 && wholeIncidents.length === 0) return [];
    const rows = await queryRows(
      manager,
      alertRowSchema,
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
    id: row.id,
    correlationKey: row.correlation_key,
    integrationId: row.integration_id,
    status: row.status,
    revision: row.revision,
    title: row.title,
    severity: row.severity,
    ...optionalField('service', row.service),
    ...optionalField('tier', row.tier),
    ...optionalField('team', row.team),
    ...optionalField('component', row.component),
    openedAt: row.opened_at,
    ...optionalField('acknowledgedAt', row.acknowledged_at),
    ...optionalField('acknowledgedBy', row.acknowledged_by),
    ...optionalField('resolvedAt', row.resolved_at),
    ...optionalField('resolution', row.resolution),
    lastSeenAt: row.last_seen_at,
    alertCount: row.alert_count,
    firing: row.firing,
    flapping: row.flapping,
    reopenedAt: row.reopened_at,
    ...optionalField('resolveDueAt', row.resolve_due_at),
    groupThreshold: row.group_threshold,
    groupWindowSeconds: row.group_window_seconds,
    ...optionalField('autoResolveAfterSeconds', row.auto_resolve_after_seconds),
    test: row.test,
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
    incidentId: row.incident_id,
    integrationId: row.integration_id,
    fingerprint: row.fingerprint,
    status: row.status,
    severity: row.severity,
    alertName: row.alert_name,
    summary: row.summary,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    occurrences: row.occurrences,
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
