import { ConfigError, loadConfig, postgresUrl } from '@hookline/platform/config';
import { createLogger } from '@hookline/platform/observability';
import { createDataSource, type RepeatableSql, runMigrations } from '@hookline/platform/persistence';
import { z } from 'zod';
import type { DatabaseDefinition } from './tokens';

const migrationEnvSchema = z.object({ DATABASE_URL: postgresUrl() });

/**
 * The migration step of an app (`apps/<app>/src/migrate.ts`): run by
 * `npm start`, by the tests and by a deployment before the app starts, so
 * replicas never race on DDL at boot. `repeatableSql`: the app's functions
 * and views as current text, applied after the migrations when it changed.
 */
export async function runMigrationCommand(service: string, database: DatabaseDefinition, repeatableSql: readonly RepeatableSql[] = []): Promise<void> {
  const logger = createLogger({ service, level: 'info' });
  let env: z.infer<typeof migrationEnvSchema>;
  try {
    env = loadConfig(migrationEnvSchema, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // Two connections: one holds the migration lock while TypeORM migrates on the other.
  const dataSource = createDataSource({ url: env.DATABASE_URL, poolSize: 2, applicationName: `hookline-${service}-migrate`, ...database });
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource, repeatableSql);
    logger.info({ schema: database.schema, applied: applied.migrations, repeatableSql: applied.repeatableSql }, 'migrations applied');
  } finally {
    await dataSource.destroy();
  }
}
