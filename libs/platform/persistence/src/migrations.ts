import type { DataSource } from 'typeorm';
import { applyRepeatableSql, type RepeatableSql } from './repeatable-sql';

export interface MigrationOutcome {
  /** Versioned migrations run now, by name. */
  migrations: string[];
  /** Repeatable scripts applied now, by file name. */
  repeatableSql: string[];
}

/**
 * The migration step. Creates the app's schema (TypeORM keeps its migrations
 * table inside it, so it must exist first), runs pending migrations, then
 * applies the app's repeatable SQL (functions, triggers, views: see
 * repeatable-sql.ts), all while holding a session-level advisory lock:
 * replicas started together wait for each other instead of racing on DDL.
 * The lock holds one pooled connection and TypeORM migrates on another, so
 * the pool needs at least two. Each migration commits on its own; the
 * repeatable scripts then commit together, so a failing script leaves them
 * all as they were and the next run tries again.
 */
export async function runMigrations(dataSource: DataSource, repeatableSql: readonly RepeatableSql[] = []): Promise<MigrationOutcome> {
  const schema = schemaOf(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`hookline.migrations.${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      const migrations = (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
      const table = `${quoteIdentifier(schema)}.repeatable_sql`;
      const applied = repeatableSql.length === 0 ? [] : await applyRepeatableSql(runner, table, repeatableSql, { all: migrations.length > 0 });
      return { migrations, repeatableSql: applied };
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`hookline.migrations.${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

export function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('a Hookline DataSource always names its schema');
  return schema;
}

/** For identifiers that cannot be bound as parameters (schema names in DDL). */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected SQL identifier: ${name}`);
  return `"${name}"`;
}
