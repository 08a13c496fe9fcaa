import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { type ConnectorDescription, ConnectorRegistry } from '../connectors/connector-registry';
import { type BreakerStatus, CircuitBreakers } from './circuit-breakers';
import { type SyncJob, SyncJobs } from './sync-jobs';
import { SyncWorker } from './sync-worker';

/** A connector as the API shows it: settings without credentials, its breaker and its backlog. */
export interface ConnectorView extends ConnectorDescription {
  breaker: Omit<BreakerStatus, 'connector' | 'openedAt' | 'openUntil'> & { openedAt?: string; openUntil?: string };
  pending: number;
  failed: number;
  oldestPendingAt?: string;
}

/** The read side of the external sync, and sending a refused job again. */
@Injectable()
export class SyncStatus {
  constructor(
    @Inject(SyncJobs) readonly jobs: SyncJobs,
    @Inject(CircuitBreakers) private readonly breakers: CircuitBreakers,
    @Inject(ConnectorRegistry) private readonly registry: Pick<ConnectorRegistry, 'describe'>,
    /** Woken so a job sent again goes now, not at the next poll. */
    @Inject(SyncWorker) private readonly worker: Pick<SyncWorker, 'wake'>,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async connectors(): Promise<ConnectorView[]> {
    const now = this.clock.now();
    const [breakers, backlog] = await Promise.all([this.breakers.statuses(now), this.jobs.backlog()]);
    return this.registry.describe().map((description) => {
      const breaker = breakers.get(description.connector);
      const work = backlog.get(description.connector);
      return {
        ...description,
        breaker: {
          state: breaker?.state ?? 'closed',
          consecutiveFailures: breaker?.consecutiveFailures ?? 0,
          ...(breaker?.openedAt ? { openedAt: breaker.openedAt.toISOString() } : {}),
          ...(breaker?.openUntil ? { openUntil: breaker.openUntil.toISOString() } : {}),
          ...(breaker?.lastError ? { lastError: breaker.lastError } : {}),
        },
        pending: work?.pending ?? 0,
        failed: work?.failed ?? 0,
        ...(work?.oldestPendingAt ? { oldestPendingAt: work.oldestPendingAt.toISOString() } : {}),
      };
    });
  }

  async retry(id: string): Promise<SyncJob | 'not_found' | 'not_failed'> {
    const job = await this.jobs.requeue(id, this.clock.now());
    if (job) {
      this.worker.wake();
      return job;
    }
    return (await this.jobs.byId(id)) ? 'not_failed' : 'not_found';
  }
}
