import { messagingTablesMigration } from '@hookline/platform/persistence';
import type { DatabaseDefinition } from '@hookline/platform/service';

/** The `correlator` schema: incidents, alert fingerprints, the processed-event inbox and the incident outbox. */
export const correlatorDatabase: DatabaseDefinition = {
  schema: 'correlator',
  entities: [],
  migrations: [messagingTablesMigration({ schema: 'correlator', outbox: true, timestamp: 1795400000000 })],
};
