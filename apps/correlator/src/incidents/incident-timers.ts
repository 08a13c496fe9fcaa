import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@hookline/platform/observability';
import { queryRows } from '@hookline/platform/persistence';
import { LOGGER } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { CorrelatorSettings } from '../config';
import { CORRELATOR_SETTINGS } from '../correlator-settings.token';
import { IncidentProcessor } from './incident-processor';

const dueLimit = 200;
const dueIncident = z.object({ id: z.string() });

/**
 * Time-driven transitions, which no alert event triggers: a flapping
 * incident's held-down resolve, and auto-resolve after silence. Every
 * replica sweeps; each change is a unit of work under the incident's key
 * lock that re-checks the condition, so two sweepers never resolve twice.
 * Runs while the app is up.
 */
@Injectable()
export class IncidentTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  private readonly logger: Logger;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IncidentProcessor) private readonly processor: IncidentProcessor,
    @Inject(LOGGER) logger: Logger,
    @Inject(CORRELATOR_SETTINGS) private readonly settings: Pick<CorrelatorSettings, 'timerIntervalMs'>,
  ) {
    this.logger = logger.child({ component: 'incident-timers' });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'incident timer sweep failed, will retry'))
        .finally(() => (this.sweeping = undefined));
    }, this.settings.timerIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** Applies every transition due at `now`; returns how many incidents resolved. */
  async sweep(now: Date = new Date()): Promise<number> {
    let resolved = 0;
    const heldDown = await queryRows(
      this.dataSource,
      dueIncident,
      'SELECT id FROM correlator.incidents WHERE resolve_due_at <= $1 ORDER BY resolve_due_at LIMIT $2',
      [now, dueLimit],
    );
    for (const { id } of heldDown) {
      const { outcome } = await this.processor.command(id, (workspace) => workspace.releaseHeldResolve(id, now));
      if (outcome === true) resolved += 1;
    }
    const silent = await queryRows(
      this.dataSource,
      dueIncident,
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
