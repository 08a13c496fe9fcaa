import { type DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../clock';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { BackoffJitter } from '../sync/backoff-jitter';
import { CircuitBreakers } from '../sync/circuit-breakers';
import { SyncJobs } from '../sync/sync-jobs';
import { SyncStatus } from '../sync/sync-status';
import { ExternalRefs, SyncWorker } from '../sync/sync-worker';
import { SyncController } from '../sync/sync.controller';
import { TICKETING_SETTINGS, type TicketingSettings } from '../ticketing-settings.token';
import { IncidentEventsController } from './incident-events.controller';
import { TicketExternalRefs } from './ticket-external-refs';
import { CatalogTicketPolicy, TicketPolicy } from './ticket-policy';
import { TicketProcessor } from './ticket-processor';
import { TicketQueries } from './ticket-queries';
import { TicketStore } from './ticket-store';
import { TicketsController } from './tickets.controller';

/**
 * Tickets from incident events (priority, team, assignee from the catalog),
 * published through the outbox, served by the ticket API, and mirrored into
 * each team's external ticket system by the sync worker. The catalog, the
 * DataSource, inbox, outbox and its relay come from the platform module.
 */
@Module({})
export class TicketsModule {
  static register(settings: TicketingSettings): DynamicModule {
    return {
      module: TicketsModule,
      controllers: [TicketsController, SyncController, IncidentEventsController],
      providers: [
        { provide: TICKETING_SETTINGS, useValue: settings },
        Clock,
        BackoffJitter,
        // Built (and so validated) while the app is built: a wrong connector setting or a missing secret stops the start, every problem named.
        ConnectorRegistry,
        { provide: TicketPolicy, useClass: CatalogTicketPolicy },
        { provide: ExternalRefs, useClass: TicketExternalRefs },
        TicketStore,
        SyncJobs,
        CircuitBreakers,
        SyncWorker,
        TicketProcessor,
        TicketQueries,
        SyncStatus,
      ],
    };
  }
}
