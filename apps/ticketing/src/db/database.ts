import { deadLettersMigration } from '@hookline/platform/dead-letters';
import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';
import { ticketTablesMigration } from './ticket-tables.migration';

/** The `ticketing` schema: tickets, external sync state, inbox and the ticket outbox. */
export const ticketingDatabase: DatabaseDefinition = ticketingDatabaseIn('ticketing');

/** The same tables in another schema: the app uses `ticketing`, specs a throwaway one each. */
export function ticketingDatabaseIn(schema: string): DatabaseDefinition {
  return {
    schema,
    entities: [],
    migrations: [messagingTablesMigration({ schema, outbox: true, timestamp: 1795400000000 }), ticketTablesMigration(schema), deadLettersMigration({ schema, timestamp: 1795401500000 })],
  };
}
