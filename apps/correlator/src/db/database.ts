import { deadLettersMigration } from '@hookline/platform/dead-letters';
import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';
import { IncidentTables1795400100000 } from './incident-tables.migration';

/** The `correlator` schema: incidents, their alerts and timeline, the processed-event inbox and the incident outbox. */
export const correlatorDatabase: DatabaseDefinition = {
  schema: 'correlator',
  entities: [],
  migrations: [messagingTablesMigration({ schema: 'correlator', outbox: true, timestamp: 1795400000000 }), IncidentTables1795400100000, deadLettersMigration({ schema: 'correlator', timestamp: 1795401500000 })],
};
