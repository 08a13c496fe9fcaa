import type { Logger } from '@hookline/platform/observability';
import type { DataSource } from 'typeorm';
import type { IncidentProcessor } from './incident-processor';

const dueLimit = 200;

/**
 * Time-driven transitions, which no alert event triggers: a flapping
 * incident's held-down resolve, and auto-resolve after silence. Every
 * replica sweeps; each change is a unit of work under the incident's key
 * lock that re-checks the condition, so two sweepers never resolve twice.
 */
export class IncidentTimers {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly processor: IncidentProcessor,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'incident timer sweep failed, will retry'))
        .finally(() => (this.sweeping = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** Applies every transition due at `now`; returns how many incidents resolved. */
  async sweep(now: Date = new Date()): Promise<number> {
    let resolved = 0;
    const heldDown: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM correlator.incidents WHERE resolve_due_at <= $1 ORDER BY resolve_due_at LIMIT $2',
      [now, dueLimit],
    );
    for (const { id } of heldDown) {
      const { outcome } = await this.processor.command(id, (workspace) => workspace.releaseHeldResolve(id, now));
      if (outcome === true) resolved += 1;
    }
    const silent: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM correlator.incidents
       WHERE auto_resolve_after_seconds IS NOT NULL AND status IN ('open', 'acknowledged')
         AND last_seen_at + make_interval(secs => auto_resolve_after_seconds) <= $1
       ORDER BY last_seen_at LIMIT $2`,
      [now, dueLimit],
    );
    for (const { id } of silent) {
      const { outcome } = await this.processor.command(id, (workspace) => workspace.expireIfSilent(id, now));
      if (outcome === true) resolved += 1;
    }
    return resolved;
  }
}
