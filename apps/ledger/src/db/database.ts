import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';

/** The `ledger` schema: downtime entries, SLA views and the inbox. */
export const ledgerDatabase: DatabaseDefinition = {
  schema: 'ledger',
  entities: [],
  migrations: [messagingTablesMigration({ schema: 'ledger', outbox: false, timestamp: 1795400000000 })],
};
