import { createDataSource, type DataSourceSpec, messagingTablesMigration, runMigrations } from '@hookline/platform/persistence';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AnalystRole1795400500000 } from './analyst-role.migration';
import { AnalystViews1795400400000 } from './analyst-views.migration';
import { ledgerDatabase } from './database';
import { LedgerDerivations1795400300000 } from './ledger-derivations.migration';
import { ledgerSql, ledgerSqlFiles } from './ledger-sql';
import { LedgerTables1795400200000 } from './ledger-tables.migration';
import { QuietRebuildsAsShippedInAcc11e5 } from './testing/migrated-before-e91c4c6.fixture';

// The ledger's migration step on databases of their own (the migrations name
// the `ledger` schema, so a throwaway schema will not do): one migrated before
// e91c4c6, one new.

const migrationsBeforeE91c4c6 = [
  messagingTablesMigration({ schema: 'ledger', outbox: false, timestamp: 1795400000000 }),
  LedgerTables1795400200000,
  LedgerDerivations1795400300000,
  AnalystViews1795400400000,
  AnalystRole1795400500000,
  QuietRebuildsAsShippedInAcc11e5,
];

interface Definition {
  kind: string;
  name: string;
  definition: string;
}

/** Every function, view and trigger of the `ledger` schema, as Postgres holds it. */
async function definitions(dataSource: DataSource): Promise<Definition[]> {
  return dataSource.query(`
    SELECT 'function' AS kind, p.oid::regprocedure::text AS name, pg_get_functiondef(p.oid) AS definition
    FROM pg_proc AS p WHERE p.pronamespace = 'ledger'::regnamespace
    UNION ALL
    SELECT 'view', c.relname::text, pg_get_viewdef(c.oid) FROM pg_class AS c WHERE c.relnamespace = 'ledger'::regnamespace AND c.relkind = 'v'
    UNION ALL
    SELECT 'trigger', t.tgname::text, pg_get_triggerdef(t.oid) FROM pg_trigger AS t
      JOIN pg_class AS c ON c.oid = t.tgrelid WHERE c.relnamespace = 'ledger'::regnamespace AND NOT t.tgisinternal
    ORDER BY 1, 2`);
}

async function sourceOf(dataSource: DataSource, signature: string): Promise<string> {
  const [row] = (await dataSource.query('SELECT prosrc FROM pg_proc WHERE oid = $1::regprocedure', [signature])) as { prosrc: string }[];
  if (!row) throw new Error(`no function ${signature}`);
  return row.prosrc;
}

describe('the ledger migration step', () => {
  const admin = createDataSource({ url: testInfrastructure().databaseUrl, schema: 'public', entities: [], migrations: [], poolSize: 1 });
  const databases: string[] = [];
  const dataSources: DataSource[] = [];

  /** A database of its own on the run's Postgres, by URL. */
  async function newDatabase(): Promise<string> {
    const database = uniqueName('ledger_upgrade');
    await admin.query(`CREATE DATABASE ${database}`);
    databases.push(database);
    const url = new URL(testInfrastructure().databaseUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  /** The database as a release of the code with these migrations sees it. */
  async function openWith(url: string, migrations: DataSourceSpec['migrations']): Promise<DataSource> {
    const dataSource = createDataSource({ url, schema: 'ledger', entities: [], migrations, poolSize: 2 });
    await dataSource.initialize();
    dataSources.push(dataSource);
    return dataSource;
  }

  beforeAll(() => admin.initialize());
  afterAll(async () => {
    for (const dataSource of dataSources) await dataSource.destroy();
    for (const database of databases) await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    await admin.destroy();
  });

  it('brings a database migrated before e91c4c6 to the functions and views of a new one', async () => {
    const url = await newDatabase();
    const old = await openWith(url, migrationsBeforeE91c4c6);
    await runMigrations(old);
    // The state the issue describes: the shipped migration's edit never reached this database.
    expect(await sourceOf(old, 'ledger.rebuild_entries(text[])')).not.toContain('held AS');

    const upgraded = await openWith(url, ledgerDatabase.migrations);
    const outcome = await runMigrations(upgraded, ledgerSql());
    const fresh = await openWith(await newDatabase(), ledgerDatabase.migrations);
    await runMigrations(fresh, ledgerSql());

    expect(outcome).toEqual({ migrations: ['LedgerNumbers1795400700000', 'AnalystAdvisoryLocks1795400800000', 'DeadLettersTable1795401500000'], repeatableSql: [...ledgerSqlFiles] });
    expect(await definitions(upgraded)).toEqual(await definitions(fresh));
    const currentText = readFileSync(join(__dirname, 'sql', 'rebuild_entries.sql'), 'utf8');
    expect(currentText).toContain(await sourceOf(upgraded, 'ledger.rebuild_entries(text[])'));
  });

  it('changes nothing when it runs again', async () => {
    const dataSource = await openWith(await newDatabase(), ledgerDatabase.migrations);
    await runMigrations(dataSource, ledgerSql());
    const before = { definitions: await definitions(dataSource), recorded: await dataSource.query('SELECT * FROM ledger.repeatable_sql ORDER BY name') };

    const outcome = await runMigrations(dataSource, ledgerSql());

    expect(outcome).toEqual({ migrations: [], repeatableSql: [] });
    expect({ definitions: await definitions(dataSource), recorded: await dataSource.query('SELECT * FROM ledger.repeatable_sql ORDER BY name') }).toEqual(before);
  });

  it('keeps the ledger writers from analysts after every function is made again', async () => {
    const dataSource = await openWith(await newDatabase(), ledgerDatabase.migrations);
    await runMigrations(dataSource, ledgerSql());

    const rows = (await dataSource.query(`
      SELECT p.proname AS name, has_function_privilege('hookline_analyst', p.oid, 'EXECUTE') AS analyst_may_run
      FROM pg_proc AS p WHERE p.pronamespace = 'ledger'::regnamespace AND p.proname IN ('rebuild_entries', 'refresh_service_months')
      ORDER BY 1`)) as { name: string; analyst_may_run: boolean }[];
    expect(rows).toEqual([
      { name: 'rebuild_entries', analyst_may_run: false },
      { name: 'refresh_service_months', analyst_may_run: false },
    ]);
  });
});
