import { createEvent, eventIdFor, fieldLimits, type MaintenanceEvent, topics } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import type { Outbox } from '@hookline/platform/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
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

interface WindowRow {
  id: string;
  revision: number;
  title: string;
  description: string | null;
  components: string[];
  starts_at: Date;
  ends_at: Date;
  cancelled: boolean;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, revision, title, description, components, starts_at, ends_at, cancelled, created_at, updated_at';

/**
 * Planned maintenance windows: every change bumps the window's revision and
 * writes the full window to the outbox (statuspage.maintenance.v1) in the
 * same transaction, so the ledger sees exactly what the page shows.
 */
export class MaintenanceWindows {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly isPublicComponent: (id: string) => boolean,
    /** Called after a commit, to publish at once and drop cached renderings. */
    private readonly onChanged: () => void = () => undefined,
  ) {}

  async schedule(input: NewMaintenance, now: Date = new Date()): Promise<MaintenanceWindow> {
    this.checkComponents(input.components);
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
    if (change.components) this.checkComponents(change.components);
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
    const rows: WindowRow[] = await manager.query(
      `SELECT ${columns} FROM statuspage.maintenances WHERE NOT cancelled AND ends_at >= $1 ORDER BY starts_at DESC LIMIT 1000`,
      [since],
    );
    return rows.map(toWindow);
  }

  private async modify(id: string, type: 'maintenance.updated' | 'maintenance.cancelled', apply: (current: MaintenanceWindow) => MaintenanceWindow) {
    if (!z.uuid().safeParse(id).success) throw new HooklineError('not_found', `no maintenance ${id}`);
    return this.write(type, async (manager) => {
      const rows: WindowRow[] = await manager.query(`SELECT ${columns} FROM statuspage.maintenances WHERE id = $1 FOR UPDATE`, [id]);
      if (!rows[0]) throw new HooklineError('not_found', `no maintenance ${id}`);
      const current = toWindow(rows[0]);
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
    if (result.changed) this.onChanged();
    return result.window;
  }

  private checkComponents(components: readonly string[]): void {
    const unknown = components.filter((component) => !this.isPublicComponent(component));
    if (unknown.length > 0) throw new HooklineError('invalid_input', `not public status-page components: ${unknown.join(', ')}`);
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
