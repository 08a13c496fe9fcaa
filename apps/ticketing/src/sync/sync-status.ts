import type { ConnectorDescription, ConnectorRegistry } from '../connectors/connector-registry';
import type { BreakerStatus, CircuitBreakers } from './circuit-breakers';
import type { SyncJob, SyncJobs } from './sync-jobs';

/** A connector as the API shows it: settings without credentials, its breaker and its backlog. */
export interface ConnectorView extends ConnectorDescription {
  breaker: Omit<BreakerStatus, 'connector' | 'openedAt' | 'openUntil'> & { openedAt?: string; openUntil?: string };
  pending: number;
  failed: number;
  oldestPendingAt?: string;
}

/** The read side of the external sync, and sending a refused job again. */
export class SyncStatus {
  constructor(
    readonly jobs: SyncJobs,
    private readonly breakers: CircuitBreakers,
    private readonly registry: ConnectorRegistry,
    /** Wakes the worker so a job sent again goes now, not at the next poll. */
    private readonly onRequeued: () => void,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async connectors(): Promise<ConnectorView[]> {
    const now = this.clock();
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
    const job = await this.jobs.requeue(id, this.clock());
    if (job) {
      this.onRequeued();
      return job;
    }
    return (await this.jobs.byId(id)) ? 'not_failed' : 'not_found';
  }
}
