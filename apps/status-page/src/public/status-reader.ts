import type { ComponentInfo } from '@hookline/catalog';
import type { DataSource } from 'typeorm';
import type { IncidentStore } from '../incidents/incident-store';
import type { MaintenanceWindows } from '../maintenance/maintenance-windows';
import { buildSnapshot, type Naming, type PageInfo, type StatusSnapshot } from './status-snapshot';

/** Incidents beyond this many in the history period are left out of the page (an alert storm collapses into a handful). */
const incidentLimit = 2_000;

/**
 * Reads the public picture from Postgres. A status page is read hardest
 * exactly when something is down, so one snapshot serves every request for
 * `cacheMs` (and is dropped at once when this process changes something);
 * concurrent requests share one load.
 */
export class StatusReader {
  private cached: { at: number; snapshot: Promise<StatusSnapshot> } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: IncidentStore,
    private readonly maintenance: MaintenanceWindows,
    private readonly options: {
      page: PageInfo;
      historyDays: number;
      publishDelayMs: number;
      components: readonly ComponentInfo[];
      naming: Naming;
      cacheMs: number;
    },
  ) {}

  /** Remembers when the page first showed each catalog component (once per component; replicas may race harmlessly). */
  async registerComponents(now: Date = new Date()): Promise<void> {
    const ids = this.options.components.map((component) => component.id);
    if (ids.length === 0) return;
    await this.dataSource.query('INSERT INTO statuspage.components (id, created_at) SELECT unnest($1::text[]), $2 ON CONFLICT (id) DO NOTHING', [ids, now]);
  }

  invalidate(): void {
    this.cached = undefined;
  }

  snapshot(now: Date = new Date()): Promise<StatusSnapshot> {
    const cached = this.cached;
    if (cached && now.getTime() - cached.at < this.options.cacheMs && now.getTime() >= cached.at) return cached.snapshot;
    const snapshot = this.load(now);
    this.cached = { at: now.getTime(), snapshot };
    snapshot.catch(() => {
      if (this.cached?.snapshot === snapshot) this.cached = undefined;
    });
    return snapshot;
  }

  private async load(now: Date): Promise<StatusSnapshot> {
    const since = new Date(now.getTime() - this.options.historyDays * 86_400_000);
    const manager = this.dataSource.manager;
    const [incidents, windows, componentRows] = await Promise.all([
      this.store.recent(manager, since, incidentLimit),
      this.maintenance.relevant(manager, since),
      this.dataSource.query('SELECT id, created_at FROM statuspage.components') as Promise<{ id: string; created_at: Date }[]>,
    ]);
    return buildSnapshot({
      now,
      publishDelayMs: this.options.publishDelayMs,
      naming: this.options.naming,
      page: this.options.page,
      historyDays: this.options.historyDays,
      components: this.options.components,
      componentsSince: new Map(componentRows.map((row) => [row.id, row.created_at])),
      incidents,
      windows,
    });
  }
}
