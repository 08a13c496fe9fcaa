import { testInfrastructure, uniqueName } from '@hookline/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { messagingTablesMigration } from './messaging-tables';
import { runMigrations } from './migrations';

// Shared by this lib's integration specs (not exported): a migrated,
// throwaway schema per spec in the run's real Postgres.

export async function migratedSchemaForSpec(): Promise<DataSource> {
  const schema = uniqueName('spec');
  const dataSource = createDataSource({
    url: testInfrastructure().databaseUrl,
    schema,
    entities: [],
    migrations: [messagingTablesMigration({ schema, outbox: true, timestamp: 1795400000000 })],
    poolSize: 4,
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.query(`CREATE TABLE "${schema}".effects (note text NOT NULL)`);
  return dataSource;
}
