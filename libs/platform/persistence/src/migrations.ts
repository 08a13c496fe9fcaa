import type { DataSource } from 'typeorm';

/**
 * The migration step. Creates the app's schema (TypeORM keeps its migrations
 * table inside it, so it must exist first) and runs pending migrations while
 * holding a session-level advisory lock: replicas started together wait for
 * each other instead of racing on DDL. The lock holds one pooled connection
 * and TypeORM migrates on another, so the pool needs at least two.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`hookline.migrations.${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
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
