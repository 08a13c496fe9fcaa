import { type BeforeApplicationShutdown, type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type Logger, Metrics } from '@hookline/platform/observability';
import { Inbox, Outbox } from '@hookline/platform/persistence';
import { LOGGER, OutboxRelayHost } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
import type { TicketingConfig } from '../config';
import type { ConnectorRegistry } from '../connectors/connector-registry';
import { tablesOf } from '../db/tables';
import { CircuitBreakers } from '../sync/circuit-breakers';
import { SyncJobs } from '../sync/sync-jobs';
import { SyncStatus } from '../sync/sync-status';
import { SyncWorker } from '../sync/sync-worker';
import { SyncController } from '../sync/sync.controller';
import { IncidentEventsController } from './incident-events.controller';
import { TicketExternalRefs } from './ticket-external-refs';
import type { TicketPolicy } from './ticket-policy';
import { createKeyOf, TicketProcessor } from './ticket-processor';
import { TicketQueries } from './ticket-queries';
import { TicketStore } from './ticket-store';
import { TicketsController } from './tickets.controller';

type TicketingSettings = TicketingConfig['ticketing'];

/** Runs the sync worker while the app runs. */
@Injectable()
class SyncWorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(SyncWorker) private readonly worker: SyncWorker) {}

  onApplicationBootstrap(): void {
    this.worker.start();
    this.worker.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}

/**
 * Tickets from incident events (priority, team, assignee from the catalog),
 * published through the outbox, served by the ticket API, and mirrored into
 * each team's external ticket system by the sync worker.
 */
@Module({})
export class TicketsModule {
  static register(settings: TicketingSettings, policy: TicketPolicy, registry: ConnectorRegistry): DynamicModule {
    return {
      module: TicketsModule,
      controllers: [TicketsController, SyncController, IncidentEventsController],
      providers: [
        { provide: TicketStore, useFactory: (dataSource: DataSource) => new TicketStore(tablesOf(dataSource)), inject: [DataSource] },
        { provide: SyncJobs, useFactory: (dataSource: DataSource) => new SyncJobs(dataSource, tablesOf(dataSource)), inject: [DataSource] },
        {
          provide: CircuitBreakers,
          useFactory: (dataSource: DataSource) => new CircuitBreakers(dataSource, tablesOf(dataSource), settings.sync.breaker),
          inject: [DataSource],
        },
        {
          provide: SyncWorker,
          useFactory: (
            dataSource: DataSource,
            tickets: TicketStore,
            outbox: Outbox,
            jobs: SyncJobs,
            breakers: CircuitBreakers,
            relay: OutboxRelayHost,
            logger: Logger,
            metrics: Metrics,
          ) =>
            new SyncWorker({
              jobs,
              breakers,
              connectors: registry,
              refs: new TicketExternalRefs(dataSource, tickets, outbox, () => relay.wake()),
              createKeyOf,
              settings: settings.sync,
              logger: logger.child({ component: 'ticket-sync' }),
              metrics,
            }),
          inject: [DataSource, TicketStore, Outbox, SyncJobs, CircuitBreakers, OutboxRelayHost, LOGGER, Metrics],
        },
        {
          provide: TicketProcessor,
          useFactory: (dataSource: DataSource, inbox: Inbox, outbox: Outbox, tickets: TicketStore, jobs: SyncJobs, relay: OutboxRelayHost, worker: SyncWorker) =>
            new TicketProcessor({
              dataSource,
              inbox,
              outbox,
              tickets,
              jobs,
              policy,
              connectors: registry,
              onCommitted: () => {
                relay.wake();
                worker.wake();
              },
            }),
          inject: [DataSource, Inbox, Outbox, TicketStore, SyncJobs, OutboxRelayHost, SyncWorker],
        },
        {
          provide: TicketQueries,
          useFactory: (dataSource: DataSource, jobs: SyncJobs) => new TicketQueries(dataSource, tablesOf(dataSource), jobs),
          inject: [DataSource, SyncJobs],
        },
        {
          provide: SyncStatus,
          useFactory: (jobs: SyncJobs, breakers: CircuitBreakers, worker: SyncWorker) => new SyncStatus(jobs, breakers, registry, () => worker.wake()),
          inject: [SyncJobs, CircuitBreakers, SyncWorker],
        },
        SyncWorkerLifecycle,
      ],
    };
  }
}
