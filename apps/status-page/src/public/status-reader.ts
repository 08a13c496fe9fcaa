import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { queryRows } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { StatusPageSettings } from '../config';
import { IncidentStore } from '../incidents/incident-store';
import { MaintenanceWindows } from '../maintenance/maintenance-windows';
import { STATUS_PAGE_SETTINGS } from '../status-page-settings.token';
import { PublicComponents } from '../status/public-components';
import { buildSnapshot, type StatusSnapshot } from './status-snapshot';

/** Incidents beyond this many in the history period are left out of the page (an alert storm collapses into a handful). */
const incidentLimit = 2_000;
/** One snapshot serves the requests of this long; local changes drop it at once. */
const snapshotCacheMs = 1_000;
const componentRowSchema = z.object({ id: z.string(), created_at: z.date() });

/**
 * Reads the public picture from Postgres. A status page is read hardest
 * exactly when something is down, so one snapshot serves every request for
 * `snapshotCacheMs` (and is dropped at once when this process changes
 * something); concurrent requests share one load.
 */
@Injectable()
export class StatusReader implements OnApplicationBootstrap {
  private cached: { at: number; snapshot: Promise<StatusSnapshot> } | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IncidentStore) private readonly store: IncidentStore,
    @Inject(MaintenanceWindows) private readonly maintenance: MaintenanceWindows,
    @Inject(PublicComponents) private readonly components: PublicComponents,
    @Inject(STATUS_PAGE_SETTINGS) private readonly settings: Pick<StatusPageSettings, 'page' | 'historyDays' | 'publishDelaySeconds'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registerComponents();
  }

  /** Remembers when the page first showed each catalog component (once per component; replicas may race harmlessly). */
  async registerComponents(now: Date = new Date()): Promise<void> {
    const ids = this.components.all.map((component) => component.id);
    if (ids.length === 0) return;
    await this.dataSource.query('INSERT INTO statuspage.components (id, created_at) SELECT unnest($1::text[]), $2 ON CONFLICT (id) DO NOTHING', [ids, now]);
  }

  invalidate(): void {
    this.cached = undefined;
  }

  snapshot(now: Date = new Date()): Promise<StatusSnapshot> {
    const cached = this.cached;
    if (cached && now.getTime() - cached.at < snapshotCacheMs && now.getTime() >= cached.at) return cached.snapshot;
    const snapshot = this.load(now);
    this.cached = { at: now.getTime(), snapshot };
    snapshot.catch(() => {
      if (this.cached?.snapshot === snapshot) this.cached = undefined;
    });
    return snapshot;
  }

  private async load(now: Date): Promise<StatusSnapshot> {
    const since = new Date(now.getTime() - this.settings.historyDays * 86_400_000);
    const manager = this.dataSource.manager;
    const [incidents, windows, componentRows] = await Promise.all([
      this.store.recent(manager, since, incidentLimit),
      this.maintenance.relevant(manager, since),
      queryRows(this.dataSource, componentRowSchema, 'SELECT id, created_at FROM statuspage.components'),
    ]);
    return buildSnapshot({
      now,
      publishDelayMs: this.settings.publishDelaySeconds * 1000,
      naming: this.components,
      page: this.settings.page,
      historyDays: this.settings.historyDays,
      components: this.components.all,
      componentsSince: new Map(componentRows.map((row) => [row.id, row.created_at])),
      incidents,
      windows,
    });
  }
}
