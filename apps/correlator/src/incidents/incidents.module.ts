import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@hookline/platform/observability';
import { Inbox, Outbox } from '@hookline/platform/persistence';
import { LOGGER, OutboxRelayHost } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
import type { CorrelatorConfig } from '../config';
import type { ServiceDirectory } from './correlation-policy';
import { AlertEventsController } from './alert-events.controller';
import { IncidentProcessor } from './incident-processor';
import { IncidentQueries } from './incident-queries';
import { IncidentStore } from './incident-store';
import { IncidentTimers } from './incident-timers';
import { IncidentsController } from './incidents.controller';

/** Runs the timers (held-down resolves, auto-resolve) while the app is up. */
@Injectable()
class IncidentTimersLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(IncidentTimers) private readonly timers: IncidentTimers) {}

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
      controllers: [IncidentsController, AlertEventsController],
      providers: [
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
        IncidentTimersLifecycle,
      ],
    };
  }
}
