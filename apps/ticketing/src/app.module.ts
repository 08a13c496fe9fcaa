import { type DynamicModule, Module } from '@nestjs/common';
import { Catalog, loadCatalog } from '@hookline/catalog';
import { PlatformModule } from '@hookline/platform/service';
import type { TicketingConfig } from './config';
import { ConnectorRegistry } from './connectors/connector-registry';
import { ticketingDatabase } from './db/database';
import { catalogTicketPolicy } from './tickets/ticket-policy';
import { TicketsModule } from './tickets/tickets.module';

/** One ticket per incident, synced to external ticket systems (ticketing.ticket.v1). */
@Module({})
export class AppModule {
  static register(config: TicketingConfig): DynamicModule {
    const settings = config.ticketing;
    const catalog = new Catalog(loadCatalog(config.catalogPath));
    // Wrong connector settings or a missing secret stop the app here, every problem named, before it consumes anything.
    const connectors = ConnectorRegistry.fromCatalog(catalog, settings.secrets, settings.sync.timeoutMs);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, database: ticketingDatabase, relayOutbox: true }),
        TicketsModule.register(settings, catalogTicketPolicy(catalog, settings.defaultTier), connectors),
      ],
    };
  }
}
