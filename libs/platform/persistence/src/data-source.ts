import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';

type EntityTarget = (new (...args: never[]) => unknown) | EntitySchema;
type MigrationClass = new () => MigrationInterface;

export interface DataSourceSpec {
  url: string;
  /** The Postgres schema the app owns; it never reads another app's. */
  schema: string;
  /** Listed explicitly: a glob silently drops a file that moved. */
  entities: readonly EntityTarget[];
  migrations: readonly MigrationClass[];
  poolSize?: number;
  /** `application_name` in pg_stat_activity, so a DBA can tell the apps apart. */
  applicationName?: string;
}

export function createDataSource(spec: DataSourceSpec): DataSource {
  return new DataSource({
    type: 'postgres',
    url: spec.url,
    schema: spec.schema,
    entities: [...spec.entities],
    migrations: [...spec.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: spec.applicationName ?? `hookline-${spec.schema}`,
    extra: { max: spec.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  });
}

/** Readiness probe: a round trip to Postgres. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
