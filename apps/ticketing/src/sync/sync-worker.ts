import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { ExternalTicketRef } from '@hookline/contracts/events';
import { backoffDelay } from '@hookline/platform/kafka';
import { type Logger, Metrics } from '@hookline/platform/observability';
import { LOGGER } from '@hookline/platform/service';
import { Clock } from '../clock';
import { ConnectorError } from '../connectors/connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { TICKETING_SETTINGS, type TicketingSettings } from '../ticketing-settings.token';
import { BackoffJitter } from './backoff-jitter';
import { CircuitBreakers } from './circuit-breakers';
import { createKeyOf, type SyncJob, SyncJobs } from './sync-jobs';
import type { SyncSettings } from './sync-settings';

/**
 * Where the worker reads a ticket's external ref and records a new one (the
 * tickets feature, which owns ticket writes). An abstract class, so that it
 * is both the type and the injection token.
 */
export abstract class ExternalRefs {
  abstract current(ticketId: string): Promise<ExternalTicketRef | undefined>;
  abstract record(ticketId: string, ref: ExternalTicketRef): Promise<ExternalTicketRef>;
}

/** What one round did, for tests and logs. */
export interface RoundResult {
  succeeded: number;
  retrying: number;
  failed: number;
}

type Outcome = { kind: 'succeeded' } | { kind: 'retry' | 'failed'; error: string; status?: number };

/**
 * Drains the sync-job queue into the external ticket systems, off the
 * consumer's path. Each round leases the due jobs of every connector whose
 * breaker admits calls and runs them one at a time per connector (a slow
 * system holds up only its own queue). A retryable failure reschedules the
 * job with jittered exponential backoff and counts against the breaker; a
 * refusal (4xx) parks it as failed. Jobs are never dropped: an outage just
 * leaves them pending, visible in the API, until the system answers again.
 *
 * Every replica runs a worker; leases in Postgres keep two from running the
 * same job, and a worker killed mid-call lets its lease run out. It runs
 * while the app runs.
 */
@Injectable()
export class SyncWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly settings: SyncSettings;
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> | undefined;
  private again = false;
  private readonly attempts;

  constructor(
    @Inject(SyncJobs) private readonly jobs: SyncJobs,
    @Inject(CircuitBreakers) private readonly breakers: CircuitBreakers,
    @Inject(ConnectorRegistry) private readonly connectors: Pick<ConnectorRegistry, 'get'>,
    @Inject(ExternalRefs) private readonly refs: ExternalRefs,
    @Inject(TICKETING_SETTINGS) settings: Pick<TicketingSettings, 'sync'>,
    @Inject(LOGGER) logger: Logger,
    @Inject(Metrics) metrics: Metrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(BackoffJitter) private readonly jitter: BackoffJitter,
  ) {
    this.settings = settings.sync;
    this.logger = logger.child({ component: 'ticket-sync' });
    this.attempts = metrics.counter('ticket_sync_attempts_total', 'Calls of sync jobs to external ticket systems, by outcome', ['connector', 'action', 'outcome']);
    // Long enough for the most calls one job makes, each to its timeout: Jira closing an issue not created yet (search, create, transitions, transition, comment).
    this.leaseMs = this.settings.timeoutMs * 5 + 5_000;
  }

  onApplicationBootstrap(): void {
    this.start();
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.timer ??= setInterval(() => this.wake(), this.settings.intervalMs);
  }

  /** Run a round now (new jobs were committed); a round already running is followed by another. */
  wake(): void {
    if (this.timer === undefined) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.runOnce()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'sync round failed, will retry'))
      .finally(() => {
        this.round = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** One pass over every connector with due work. */
  async runOnce(): Promise<RoundResult> {
    const connectors = await this.jobs.dueConnectors(this.clock.now());
    const results = await Promise.all(connectors.map((connector) => this.drain(connector)));
    return results.reduce((sum, result) => ({
      succeeded: sum.succeeded + result.succeeded,
      retrying: sum.retrying + result.retrying,
      failed: sum.failed + result.failed,
    }), { succeeded: 0, retrying: 0, failed: 0 });
  }

  private async drain(connectorId: string): Promise<RoundResult> {
    const result: RoundResult = { succeeded: 0, retrying: 0, failed: 0 };
    const admission = await this.breakers.admit(connectorId, this.clock.now(), this.leaseMs);
    if (admission === 'wait') return result;
    const jobs = await this.jobs.claim(connectorId, this.clock.now(), admission === 'probe' ? 1 : this.settings.batchSize, this.leaseMs);
    for (const [index, job] of jobs.entries()) {
      const outcome = await this.run(job);
      await this.record(job, outcome);
      if (outcome.kind === 'succeeded') {
        result.succeeded += 1;
        await this.breakers.recordSuccess(connectorId);
      } else if (outcome.kind === 'failed') {
        result.failed += 1;
      } else {
        result.retrying += 1;
        const open = await this.breakers.recordFailure(connectorId, this.clock.now(), outcome.error);
        if (open) {
          this.logger.warn({ connector: connectorId, error: outcome.error }, 'connector circuit breaker open; its jobs wait');
          await this.jobs.release(jobs.slice(index + 1).map((rest) => rest.id));
          break;
        }
      }
    }
    return result;
  }

  private async run(job: SyncJob): Promise<Outcome> {
    const connector = this.connectors.get(job.connector);
    if (connector === undefined) return { kind: 'failed', error: `team ${job.connector} has no ticket connector configured (any more)` };
    try {
      let ref = await this.refs.current(job.ticketId);
      if (ref === undefined) {
        ref = await connector.ensure(job.payload, createKeyOf(job.ticketId));
        ref = await this.refs.record(job.ticketId, ref);
      }
      if (job.action !== 'create') await connector.apply(job.action, ref, job.payload, job.idempotencyKey);
      return { kind: 'succeeded' };
    } catch (error) {
      const failure = error instanceof ConnectorError ? error : new ConnectorError(error instanceof Error ? error.message : String(error), true);
      return { kind: failure.retryable ? 'retry' : 'failed', error: failure.message, ...(failure.status === undefined ? {} : { status: failure.status }) };
    }
  }

  private async record(job: SyncJob, outcome: Outcome): Promise<void> {
    const now = this.clock.now();
    this.attempts.inc({ connector: job.connector, action: job.action, outcome: outcome.kind });
    const log = { jobId: job.id, ticketId: job.ticketId, connector: job.connector, action: job.action, attempt: job.attempts + 1 };
    switch (outcome.kind) {
      case 'succeeded':
        await this.jobs.succeeded(job.id, now);
        this.logger.debug(log, 'ticket synced');
        return;
      case 'failed':
        await this.jobs.failed(job.id, now, outcome.error, outcome.status);
        this.logger.warn({ ...log, error: outcome.error, status: outcome.status }, 'ticket sync refused; kept as failed');
        return;
      case 'retry': {
        const delay = backoffDelay({ attempts: Infinity, ...this.settings.retry }, job.attempts + 1, () => this.jitter.fraction());
        await this.jobs.retryLater(job.id, new Date(now.getTime() + delay), outcome.error, outcome.status);
        this.logger.info({ ...log, error: outcome.error, retryInMs: delay }, 'ticket sync failed; will retry');
        return;
      }
    }
  }
}
