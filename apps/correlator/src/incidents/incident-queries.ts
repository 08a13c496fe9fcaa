import { Inject, Injectable } from '@nestjs/common';
import { type IncidentData, incidentStatus } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { queryRows } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type AlertRecord, type IncidentRecord, toIncidentData } from './incident-records';
import { IncidentStore } from './incident-store';

export const incidentListQuerySchema = z
  .object({
    status: incidentStatus.optional(),
    service: z.string().min(1).max(256).optional(),
    cursor: z.string().regex(/^[0-9]+$/, 'must be the nextCursor of a previous page').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;

/** What the read API shows of an incident: its published state plus when an alert of it was last seen. */
export type IncidentView = IncidentData & { lastSeenAt: string; resolveHeldUntil?: string };

export interface IncidentPage {
  incidents: IncidentView[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface IncidentDetail {
  incident: IncidentView;
  alerts: (Omit<AlertRecord, 'incidentId' | 'firstSeenAt' | 'lastSeenAt'> & { firstSeenAt: string; lastSeenAt: string })[];
  timeline: { at: string; kind: string; fingerprint?: string; detail?: Record<string, unknown> }[];
}

const timelineRowSchema = z.object({
  at: z.date(),
  kind: z.string(),
  fingerprint: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

/** Newest first, keyset-paginated on creation order; pending incidents (below their threshold) are not shown. */
@Injectable()
export class IncidentQueries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IncidentStore) private readonly store: IncidentStore,
  ) {}

  async list(query: IncidentListQuery): Promise<IncidentPage> {
    const rows = await queryRows(
      this.dataSource,
      // seq is a bigint, which Postgres hands over as a string: the cursor keeps it one.
      z.object({ id: z.string(), seq: z.string() }),
      `SELECT id, seq FROM correlator.incidents
       WHERE status <> 'pending' AND ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR service = $2)
         AND ($3::bigint IS NULL OR seq < $3)
       ORDER BY seq DESC LIMIT $4`,
      [query.status ?? null, query.service ?? null, query.cursor ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const incidents = await this.store.incidents(
      this.dataSource.manager,
      page.map((row) => row.id),
    );
    const last = page.at(-1);
    return {
      incidents: incidents.map(toView),
      ...(rows.length > query.limit && last ? { nextCursor: last.seq } : {}),
    };
  }

  async detail(id: string): Promise<IncidentDetail> {
    const incident = await this.view(id);
    if (!incident) throw new HooklineError('not_found', `no incident ${id}`);
    const alerts = await this.store.alerts(this.dataSource.manager, [], [id]);
    const timeline = await queryRows(
      this.dataSource,
      timelineRowSchema,
      'SELECT at, kind, fingerprint, detail FROM correlator.incident_timeline WHERE incident_id = $1 ORDER BY id',
      [id],
    );
    return {
      incident,
      alerts: alerts
        .sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime())
        .map(({ incidentId: _incidentId, firstSeenAt, lastSeenAt, ...alert }) => ({
          ...alert,
          firstSeenAt: firstSeenAt.toISOString(),
          lastSeenAt: lastSeenAt.toISOString(),
        })),
      timeline: timeline.map((entry) => ({
        at: entry.at.toISOString(),
        kind: entry.kind,
        ...(entry.fingerprint ? { fingerprint: entry.fingerprint } : {}),
        ...(entry.detail ? { detail: entry.detail } : {}),
      })),
    };
  }

  async view(id: string): Promise<IncidentView | undefined> {
    const incident = await this.store.incident(this.dataSource.manager, id);
    return !incident || incident.status === 'pending' ? undefined : toView(incident);
  }
}

export function toView(incident: IncidentRecord): IncidentView {
  return {
    ...toIncidentData(incident),
    lastSeenAt: incident.lastSeenAt.toISOString(),
    ...(incident.resolveDueAt ? { resolveHeldUntil: incident.resolveDueAt.toISOString() } : {}),
  };
}
