import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EventPublisher } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';
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

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(EventPublisher) publisher: EventPublisher, @Inject(LOGGER) logger: Logger) {
    this.relay = new OutboxRelay(dataSource, publisher, logger.child({ component: 'outbox-relay' }));
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
