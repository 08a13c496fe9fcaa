import { Client } from 'pg';
import { testInfrastructure, uniqueName } from './test-infrastructure';

/** How `npm test` (tools/launcher) tells the specs which database to copy: the run's database as migrated, which nobody connects to. */
export const TEST_DATABASE_TEMPLATE_ENV = 'HOOKLINE_TEST_DATABASE_TEMPLATE';

export interface TestDatabase {
  name: string;
  /** The run's DATABASE_URL with this database in its path. */
  url: string;
  /** Drops the database, closing whatever still connects to it. */
  drop(): Promise<void>;
}

/**
 * Copies the run's freshly migrated database into a template, before any
 * spec runs: Postgres copies a database only while nobody is connected to
 * it, and the run's own database has specs connected all the time.
 * Copying beats migrating per spec: a copy takes a fraction of a second,
 * and the migration step, with its cluster-wide analyst role, runs once.
 */
export async function createTestDatabaseTemplate(databaseUrl: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const source = new URL(databaseUrl).pathname.slice(1);
  // Per run, so two runs on one external server do not share (or drop) each other's.
  const template = uniqueName(`${source}_template`);
  await onServer(databaseUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(template)} TEMPLATE ${client.escapeIdentifier(source)}`));
  return { env: { [TEST_DATABASE_TEMPLATE_ENV]: template }, drop: () => dropDatabase(databaseUrl, template) };
}

/**
 * A database of a spec's own on the run's Postgres, migrated as the run's
 * is (a copy of its template): for the apps a spec starts, so their
 * schemas, inboxes and outboxes are theirs alone and specs can run in
 * parallel. Drop it when the spec ends.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { databaseUrl } = testInfrastructure();
  const template = process.env[TEST_DATABASE_TEMPLATE_ENV];
  if (!template) {
    throw new Error(`${TEST_DATABASE_TEMPLATE_ENV} is not set: \`npm test\` (tools/launcher) makes the template a spec's database is copied from; run the spec through it.`);
  }
  const name = uniqueName('hookline_spec');
  await onServer(databaseUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`));
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(databaseUrl, name) };
}

function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  return onServer(databaseUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)));
}

/** Runs statements on the run's database's server, from that database (Postgres copies a database with only the copying session in it). */
async function onServer<T>(databaseUrl: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
