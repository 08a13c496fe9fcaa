import { deadLettersMigration } from '@hookline/platform/dead-letters';
import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';
import { StatusPageOutbox1795400050000 } from './outbox.migration';
import { StatusPageTables1795400100000 } from './status-tables.migration';

/** The `statuspage` schema: components, incidents and updates, maintenance windows, the inbox and the maintenance outbox. */
export const statusPageDatabase: DatabaseDefinition = {
  schema: 'statuspage',
  entities: [],
  migrations: [
    messagingTablesMigration({ schema: 'statuspage', outbox: false, timestamp: 1795400000000 }),
    StatusPageOutbox1795400050000,
    StatusPageTables1795400100000,
    deadLettersMigration({ schema: 'statuspage', timestamp: 1795401500000 }),
  ],
};
