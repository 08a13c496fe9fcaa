import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EventPublisher } from '@hookline/platform/kafka';
import { type Logger, Metrics } from '@hookline/platform/observability';
import { OutboxRelay } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { LOGGER } from './tokens';

/**
 * Runs the app's outbox relay for as long as the app runs. Stops before the
 * producer flushes and the connections close (Nest calls
 * `beforeApplicationShutdown` ahead of `onApplicationShutdown`), so the last
 * batch is either published and deleted, or left for the next start.
 */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(EventPublisher) publisher: EventPublisher,
    @Inject(LOGGER) logger: Logger,
    @Inject(Metrics) metrics: Metrics,
  ) {
    this.relay = new OutboxRelay(dataSource, publisher, logger.child({ component: 'outbox-relay' }));
    // Read at scrape time; the alert rules page when the oldest row keeps ageing (deploy/prometheus).
    metrics.sampledGauge('outbox_backlog', 'Events committed to the outbox and not yet published to Kafka', [], async () => [
      { labels: {}, value: (await this.relay.backlog()).rows },
    ]);
    metrics.sampledGauge('outbox_oldest_age_seconds', 'Age of the oldest event waiting in the outbox (0 when empty)', [], async () => [
      { labels: {}, value: (await this.relay.backlog()).oldestSeconds },
    ]);
  }

  /** Publish what was just committed now instead of at the next poll. */
  wake(): void {
    this.relay.wake();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
