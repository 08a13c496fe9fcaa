import { Injectable } from '@nestjs/common';
import { incidentStatus, severity } from '@hookline/contracts/events';
import { queryRow, queryRows, takeKeyLocks } from '@hookline/platform/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { impactStatuses } from '../status/component-status';
import { automaticUpdateKinds, type IncidentUpdate, type IncidentWithUpdates, type PublicIncident, publicIncidentStatuses } from './public-incident';

const impactSnapshot = z.record(z.string(), z.enum(impactStatuses));
const setBy = z.enum(['automatic', 'person'] satisfies PublicIncident['statusSetBy'][]);

/** A row of `statuspage.incidents`; its keys are the column list, in the order the statements use. */
const incidentRowSchema = z.object({
  id: z.string(),
  origin: z.enum(['automatic', 'manual'] satisfies PublicIncident['origin'][]),
  source_incident_id: z.string().nullable(),
  source_revision: z.int().nullable(),
  source_status: incidentStatus.nullable(),
  name: z.string().nullable(),
  components: z.array(z.string()),
  service: z.string().nullable(),
  severity: severity.nullable(),
  tier: z.string().nullable(),
  impact_override: impactSnapshot.nullable(),
  status: z.enum(publicIncidentStatuses),
  status_set_by: setBy,
  created_at: z.date(),
  updated_at: z.date(),
  monitoring_at: z.date().nullable(),
  resolved_at: z.date().nullable(),
  impact_since: z.date().nullable(),
  person_posted_at: z.date().nullable(),
});
type IncidentRow = z.infer<typeof incidentRowSchema>;

const updateRowSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  status: z.enum(publicIncidentStatuses),
  body: z.string().nullable(),
  kind: z.enum(automaticUpdateKinds).nullable(),
  at: z.date(),
  created_by: setBy,
  impact: impactSnapshot.nullable(),
});
type UpdateRow = z.infer<typeof updateRowSchema>;

const incidentColumns = Object.keys(incidentRowSchema.shape).join(', ');

/** Incidents and their updates in the `statuspage` schema; every method runs in the caller's transaction. */
@Injectable()
export class IncidentStore {
  /**
   * Serialises the changes to one incident across replicas (two events of
   * one incident only meet during a rebalance, an event and a person's
   * update at any time). Held until the transaction ends.
   */
  async lock(manager: EntityManager, key: string): Promise<void> {
    await this.lockAll(manager, [key]);
  }

  async lockAll(manager: EntityManager, keys: readonly string[]): Promise<void> {
    await takeKeyLocks(manager, 'hookline.statuspage.incident', keys);
  }

  async byId(manager: EntityManager, id: string): Promise<PublicIncident | undefined> {
    const row = await queryRow(manager, incidentRowSchema, `SELECT ${incidentColumns} FROM statuspage.incidents WHERE id = $1`, [id]);
    return row ? toIncident(row) : undefined;
  }

  async save(manager: EntityManager, incident: PublicIncident, updates: readonly IncidentUpdate[]): Promise<void> {
    await manager.query(
      `INSERT INTO statuspage.incidents (${incidentColumns})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (id) DO UPDATE SET
         source_revision = EXCLUDED.source_revision, source_status = EXCLUDED.source_status, name = EXCLUDED.name,
         components = EXCLUDED.components, service = EXCLUDED.service, severity = EXCLUDED.severity, tier = EXCLUDED.tier,
         impact_override = EXCLUDED.impact_override, status = EXCLUDED.status, status_set_by = EXCLUDED.status_set_by,
         updated_at = EXCLUDED.updated_at, monitoring_at = EXCLUDED.monitoring_at, resolved_at = EXCLUDED.resolved_at,
         impact_since = EXCLUDED.impact_since, person_posted_at = EXCLUDED.person_posted_at`,
      [
        incident.id,
        incident.origin,
        incident.source?.incidentId ?? null,
        incident.source?.revision ?? null,
        incident.source?.status ?? null,
        incident.name ?? null,
        incident.components,
        incident.service ?? null,
        incident.severity ?? null,
        incident.tier ?? null,
        incident.impactOverride ? JSON.stringify(incident.impactOverride) : null,
        incident.status,
        incident.statusSetBy,
        incident.createdAt,
        incident.updatedAt,
        incident.monitoringAt ?? null,
        incident.resolvedAt ?? null,
        incident.impactSince ?? null,
        incident.personPostedAt ?? null,
      ],
    );
    if (updates.length === 0) return;
    await manager.query(
      `INSERT INTO statuspage.incident_updates (id, incident_id, status, body, kind, at, created_by, impact)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::jsonb[])
       ON CONFLICT (id) DO NOTHING`,
      [
        updates.map((update) => update.id),
        updates.map((update) => update.incidentId),
        updates.map((update) => update.status),
        updates.map((update) => update.body ?? null),
        updates.map((update) => update.kind ?? null),
        updates.map((update) => update.at),
        updates.map((update) => update.createdBy),
        updates.map((update) => (update.impact ? JSON.stringify(update.impact) : null)),
      ],
    );
  }

  /**
   * Every incident that may matter to the page since `since`: created since
   * then or not yet resolved, newest first, each with its updates. Hidden
   * ones (resolved within the delay) are filtered by the reader, which knows
   * the maintenance windows.
   */
  async recent(manager: EntityManager, since: Date, limit: number): Promise<IncidentWithUpdates[]> {
    const rows = await queryRows(
      manager,
      incidentRowSchema,
      `SELECT ${incidentColumns} FROM statuspage.incidents
       WHERE impact_since IS NOT NULL AND (created_at >= $1 OR status <> 'resolved')
       ORDER BY created_at DESC LIMIT $2`,
      [since, limit],
    );
    if (rows.length === 0) return [];
    const updateRows = await queryRows(
      manager,
      updateRowSchema,
      `SELECT id, incident_id, status, body, kind, at, created_by, impact FROM statuspage.incident_updates
       WHERE incident_id = ANY($1::uuid[]) ORDER BY at, seq`,
      [rows.map((row) => row.id)],
    );
    const updatesOf = new Map<string, IncidentUpdate[]>();
    for (const row of updateRows) {
      const list = updatesOf.get(row.incident_id) ?? [];
      list.push(toUpdate(row));
      updatesOf.set(row.incident_id, list);
    }
    return rows.map((row) => ({ incident: toIncident(row), updates: updatesOf.get(row.id) ?? [] }));
  }
}

function toIncident(row: IncidentRow): PublicIncident {
  return {
    id: row.id,
    origin: row.origin,
    ...(row.source_incident_id !== null && row.source_revision !== null && row.source_status !== null
      ? { source: { incidentId: row.source_incident_id, revision: row.source_revision, status: row.source_status } }
      : {}),
    ...(row.name !== null ? { name: row.name } : {}),
    components: row.components,
    ...(row.service !== null ? { service: row.service } : {}),
    ...(row.severity !== null ? { severity: row.severity } : {}),
    ...(row.tier !== null ? { tier: row.tier } : {}),
    ...(row.impact_override !== null ? { impactOverride: row.impact_override } : {}),
    status: row.status,
    statusSetBy: row.status_set_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.monitoring_at !== null ? { monitoringAt: row.monitoring_at } : {}),
    ...(row.resolved_at !== null ? { resolvedAt: row.resolved_at } : {}),
    ...(row.impact_since !== null ? { impactSince: row.impact_since } : {}),
    ...(row.person_posted_at !== null ? { personPostedAt: row.person_posted_at } : {}),
  };
}

function toUpdate(row: UpdateRow): IncidentUpdate {
  return {
    id: row.id,
    incidentId: row.incident_id,
    status: row.status,
    ...(row.body !== null ? { body: row.body } : {}),
    ...(row.kind !== null ? { kind: row.kind } : {}),
    at: row.at,
    createdBy: row.created_by,
    ...(row.impact !== null ? { impact: row.impact } : {}),
  };
}
