import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';

/** The `ticketing` schema: tickets, external sync state, inbox and the ticket outbox. */
export const ticketingDatabase: DatabaseDefinition = {
  schema: 'ticketing',
  entities: [],
  migrations: [messagingTablesMigration({ schema: 'ticketing', outbox: true, timestamp: 1795400000000 })],
};
