import { Inject, Injectable, Optional } from '@nestjs/common';
import { createEvent, eventIdFor, fieldLimits, type MaintenanceEvent, topics } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { Outbox, queryRow, queryRows } from '@hookline/platform/persistence';
import { OutboxRelayHost } from '@hookline/platform/service';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { PublicComponents, requirePublicComponents } from '../status/public-components';
import type { MaintenanceWindow } from './maintenance-window';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant, e.g. 2026-05-01T22:00:00Z' }).transform((value) => new Date(value));
const componentList = z.array(z.string().min(1).max(fieldLimits.nameLength)).min(1).max(100);

export const newMaintenanceSchema = z
  .object({
    title: z.string().trim().min(1).max(fieldLimits.titleLength),
    description: z.string().trim().min(1).max(fieldLimits.detailLength).optional(),
    components: componentList,
    startsAt: instant,
    endsAt: instant,
  })
  .strict()
  .refine((window) => window.endsAt > window.startsAt, { path: ['endsAt'], message: 'must be after startsAt' });
export type NewMaintenance = z.infer<typeof newMaintenanceSchema>;

export const maintenanceChangeSchema = z
  .object({
    title: z.string().trim().min(1).max(fieldLimits.titleLength).optional(),
    description: z.string().trim().min(1).max(fieldLimits.detailLength).nullable().optional(),
    components: componentList.optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
  })
  .strict();
export type MaintenanceChange = z.infer<typeof maintenanceChangeSchema>;

/** A row of `statuspage.maintenances`; its keys are the column list, in the order the statements use. */
const windowRowSchema = z.object({
  id: z.string(),
  revision: z.int(),
  title: z.string(),
  description: z.string().nullable(),
  components: z.array(z.string()),
  starts_at: z.date(),
  ends_at: z.date(),
  cancelled: z.boolean(),
  created_at: z.date(),
  updated_at: z.date(),
});
type WindowRow = z.infer<typeof windowRowSchema>;

const columns = Object.keys(windowRowSchema.shape).join(', ');

/**
 * Planned maintenance windows: every change bumps the window's revision and
 * writes the full window to the outbox (statuspage.maintenance.v1) in the
 * same transaction, so the ledger sees exactly what the page shows.
 */
@Injectable()
export class MaintenanceWindows {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(PublicComponents) private readonly components: Pick<PublicComponents, 'isPublic'>,
    /**
     * Woken after a commit, to publish the change without waiting for its
     * poll. Absent where nothing relays this outbox (specs that read the
     * outbox themselves).
     */
    @Optional() @Inject(OutboxRelayHost) private readonly relay?: Pick<OutboxRelayHost, 'wake'>,
  ) {}

  async schedule(input: NewMaintenance, now: Date = new Date()): Promise<MaintenanceWindow> {
    requirePublicComponents(this.components, input.components);
    const window: MaintenanceWindow = {
      id: randomUUID(),
      revision: 1,
      title: input.title,
      ...(input.description ? { description: input.description } : {}),
      components: [...new Set(input.components)],
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      cancelled: false,
      createdAt: now,
      updatedAt: now,
    };
    return this.write('maintenance.scheduled', async () => window);
  }

  async change(id: string, change: MaintenanceChange, now: Date = new Date()): Promise<MaintenanceWindow> {
    if (change.components) requirePublicComponents(this.components, change.components);
    return this.modify(id, 'maintenance.updated', (current) => {
      if (current.cancelled) throw new HooklineError('conflict', `maintenance ${id} is cancelled`);
      const next: MaintenanceWindow = {
        ...current,
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.components !== undefined ? { components: [...new Set(change.components)] } : {}),
        ...(change.startsAt !== undefined ? { startsAt: change.startsAt } : {}),
        ...(change.endsAt !== undefined ? { endsAt: change.endsAt } : {}),
        updatedAt: now,
      };
      if (change.description === null) delete next.description;
      else if (change.description !== undefined) next.description = change.description;
      if (next.endsAt <= next.startsAt) throw new HooklineError('invalid_input', 'request body is invalid: endsAt: must be after startsAt');
      return next;
    });
  }

  /** Cancelling twice is answered with the cancelled window, unchanged. */
  async cancel(id: string, now: Date = new Date()): Promise<MaintenanceWindow> {
    return this.modify(id, 'maintenance.cancelled', (current) => (current.cancelled ? current : { ...current, cancelled: true, updatedAt: now }));
  }

  /** Windows that matter to the page: not cancelled, ending after `since`. */
  async relevant(manager: EntityManager, since: Date): Promise<MaintenanceWindow[]> {
    const rows = await queryRows(
      manager,
      windowRowSchema,
      `SELECT ${columns} FROM statuspage.maintenances WHERE NOT cancelled AND ends_at >= $1 ORDER BY starts_at DESC LIMIT 1000`,
      [since],
    );
    return rows.map(toWindow);
  }

  private async modify(id: string, type: 'maintenance.updated' | 'maintenance.cancelled', apply: (current: MaintenanceWindow) => MaintenanceWindow) {
    if (!z.uuid().safeParse(id).success) throw new HooklineError('not_found', `no maintenance ${id}`);
    return this.write(type, async (manager) => {
      const row = await queryRow(manager, windowRowSchema, `SELECT ${columns} FROM statuspage.maintenances WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw new HooklineError('not_found', `no maintenance ${id}`);
      const current = toWindow(row);
      const next = apply(current);
      return next === current ? { unchanged: current } : { ...next, revision: current.revision + 1 };
    });
  }

  /** Saves what `decide` returns and its event in one transaction; `{ unchanged }` writes nothing. */
  private async write(
    type: MaintenanceEvent['type'],
    decide: (manager: EntityManager) => Promise<MaintenanceWindow | { unchanged: MaintenanceWindow }>,
  ): Promise<MaintenanceWindow> {
    const result = await this.dataSource.transaction(async (manager) => {
      const window = await decide(manager);
      if ('unchanged' in window) return { window: window.unchanged, changed: false };
      await manager.query(
        `INSERT INTO statuspage.maintenances (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, title = EXCLUDED.title, description = EXCLUDED.description,
           components = EXCLUDED.components, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
           cancelled = EXCLUDED.cancelled, updated_at = EXCLUDED.updated_at`,
        [window.id, window.revision, window.title, window.description ?? null, window.components, window.startsAt, window.endsAt, window.cancelled, window.createdAt, window.updatedAt],
      );
      await this.outbox.enqueue(manager, topics.maintenance, [toEvent(window, type)]);
      return { window, changed: true };
    });
    if (result.changed) this.relay?.wake();
    return result.window;
  }
}

/** Derived from the window and its revision: a retried transaction writes the same event id. */
function toEvent(window: MaintenanceWindow, type: MaintenanceEvent['type']): MaintenanceEvent {
  return createEvent(
    topics.maintenance,
    {
      type,
      source: 'hookline/status-page',
      subject: window.id,
      data: {
        maintenanceId: window.id,
        revision: window.revision,
        title: window.title,
        components: window.components,
        startsAt: window.startsAt.toISOString(),
        endsAt: window.endsAt.toISOString(),
        cancelled: window.cancelled,
      },
    },
    { id: eventIdFor(`maintenance/${window.id}/revision/${window.revision}`), time: window.updatedAt },
  );
}

function toWindow(row: WindowRow): MaintenanceWindow {
  return {
    id: row.id,
    revision: row.revision,
    title: row.title,
    ...(row.description !== null ? { description: row.description } : {}),
    components: row.components,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cancelled: row.cancelled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
