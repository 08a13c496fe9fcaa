import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';

/** The `statuspage` schema: components, incidents and updates, and the inbox. */
export const statusPageDatabase: DatabaseDefinition = {
  schema: 'statuspage',
  entities: [],
  migrations: [messagingTablesMigration({ schema: 'statuspage', outbox: false, timestamp: 1795400000000 })],
};
