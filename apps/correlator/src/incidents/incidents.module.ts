import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { consumerGroups, topics } from '@hookline/contracts/events';
import { onBatch } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';
import { Inbox, Outbox } from '@hookline/platform/persistence';
import { ADMIN_TOKEN, ConsumerHost, LOGGER, OutboxRelayHost } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
import type { CorrelatorConfig } from '../config';
import type { ServiceDirectory } from './correlation-policy';
import { IncidentProcessor } from './incident-processor';
import { IncidentQueries } from './incident-queries';
import { IncidentStore } from './incident-store';
import { IncidentTimers } from './incident-timers';
import { IncidentsController } from './incidents.controller';

/** Consumes the alert stream into incidents, runs the timers, and serves the incident API. */
@Injectable()
class IncidentLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(IncidentTimers) private readonly timers: IncidentTimers,
    @Inject(IncidentProcessor) processor: IncidentProcessor,
    @Inject(ConsumerHost) consumers: ConsumerHost,
  ) {
    consumers.register({
      groupId: consumerGroups.correlator.id,
      handlers: [onBatch(topics.alert, async (events) => void (await processor.processAlerts(events)))],
      // A group's first start reads what ingress accepted before it ever ran (a fresh install, a new replica set):
      // nothing acknowledged to a sender may be skipped. Later starts resume from committed offsets.
      fromBeginning: true,
    });
  }

  onApplicationBootstrap(): void {
    this.timers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.timers.stop();
  }
}

@Module({})
export class IncidentsModule {
  static register(settings: CorrelatorConfig['correlator'], directory: ServiceDirectory): DynamicModule {
    return {
      module: IncidentsModule,
      controllers: [IncidentsController],
      providers: [
        { provide: ADMIN_TOKEN, useValue: settings.adminToken },
        { provide: IncidentStore, useValue: new IncidentStore() },
        {
          provide: IncidentProcessor,
          useFactory: (dataSource: DataSource, inbox: Inbox, outbox: Outbox, store: IncidentStore, relay: OutboxRelayHost) =>
            new IncidentProcessor({ dataSource, inbox, outbox, store, policy: settings.policy, directory, onEventsCommitted: () => relay.wake() }),
          inject: [DataSource, Inbox, Outbox, IncidentStore, OutboxRelayHost],
        },
        {
          provide: IncidentQueries,
          useFactory: (dataSource: DataSource, store: IncidentStore) => new IncidentQueries(dataSource, store),
          inject: [DataSource, IncidentStore],
        },
        {
          provide: IncidentTimers,
          useFactory: (dataSource: DataSource, processor: IncidentProcessor, logger: Logger) =>
            new IncidentTimers(dataSource, processor, logger.child({ component: 'incident-timers' }), settings.timerIntervalMs),
          inject: [DataSource, IncidentProcessor, LOGGER],
        },
        IncidentLifecycle,
      ],
    };
  }
}
