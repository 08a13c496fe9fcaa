import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@hookline/platform/service';
import type { TicketingConfig } from './config';
import { ticketingDatabase } from './db/database';
import { TicketsModule } from './tickets/tickets.module';

/** One ticket per incident, synced to external ticket systems (ticketing.ticket.v1). */
@Module({})
export class AppModule {
  static register(config: TicketingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, database: ticketingDatabase, relayOutbox: true }), TicketsModule.register(config.ticketing)],
    };
  }
}
