import { testInfrastructure, uniqueName } from '@hookline/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { messagingTablesMigration } from './messaging-tables';
import { runMigrations } from './migrations';
import type { RepeatableSql } from './repeatable-sql';

// The repeatable step of runMigrations in a throwaway schema of the run's Postgres.

describe('runMigrations with repeatable SQL', () => {
  let schema: string;
  let dataSource: DataSource;

  beforeEach(async () => {
    schema = uniqueName('repeatable');
    dataSource = createDataSource({
      url: testInfrastructure().databaseUrl,
      schema,
      entities: [],
      migrations: [messagingTablesMigration({ schema, outbox: false, timestamp: 1795400000000 })],
      poolSize: 2,
    });
    await dataSource.initialize();
  });
  afterEach(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  function scripts({ answer = 42, factor = 2 } = {}): RepeatableSql[] {
    return [
      { name: 'answer.sql', sql: `CREATE OR REPLACE FUNCTION "${schema}".answer() RETURNS integer LANGUAGE sql RETURN ${answer};` },
      { name: 'doubled.sql', sql: `CREATE OR REPLACE FUNCTION "${schema}".doubled() RETURNS integer LANGUAGE sql RETURN ${factor} * "${schema}".answer();` },
      { name: 'answers.sql', sql: `DROP VIEW IF EXISTS "${schema}".answers; CREATE VIEW "${schema}".answers AS SELECT "${schema}".doubled() AS doubled;` },
    ];
  }

  async function doubled(): Promise<number> {
    const [row] = (await dataSource.query(`SELECT doubled FROM "${schema}".answers`)) as { doubled: number }[];
    return row?.doubled ?? Number.NaN;
  }

  it('applies every script after the migrations of a new schema, in order', async () => {
    const outcome = await runMigrations(dataSource, scripts());

    expect(outcome.repeatableSql).toEqual(['answer.sql', 'doubled.sql', 'answers.sql']);
    expect(await doubled()).toBe(84);
  });

  it('applies nothing again when no text changed and no migration ran', async () => {
    await runMigrations(dataSource, scripts());
    const recordedBefore = await dataSource.query(`SELECT name, checksum, applied_at FROM "${schema}".repeatable_sql ORDER BY name`);

    const outcome = await runMigrations(dataSource, scripts());

    expect(outcome).toEqual({ migrations: [], repeatableSql: [] });
    expect(await dataSource.query(`SELECT name, checksum, applied_at FROM "${schema}".repeatable_sql ORDER BY name`)).toEqual(recordedBefore);
  });

  it('applies a changed script and every script after it, not the ones before', async () => {
    await runMigrations(dataSource, scripts());

    const outcome = await runMigrations(dataSource, scripts({ factor: 3 }));

    expect(outcome.repeatableSql).toEqual(['doubled.sql', 'answers.sql']);
    expect(await doubled()).toBe(126);
  });

  it('leaves every script as it was when one of them fails, and applies them on the next run', async () => {
    await runMigrations(dataSource, scripts());
    const broken = scripts({ answer: 50 });
    broken[2] = { name: 'answers.sql', sql: `CREATE OR REPLACE VIEW "${schema}".answers AS SELECT no_such_column;` };

    await expect(runMigrations(dataSource, broken)).rejects.toThrow(/no_such_column/);
    expect(await doubled()).toBe(84);

    expect((await runMigrations(dataSource, scripts({ answer: 50 }))).repeatableSql).toEqual(['answer.sql', 'doubled.sql', 'answers.sql']);
    expect(await doubled()).toBe(100);
  });

  it('creates no table of repeatable scripts in a schema that has none', async () => {
    await runMigrations(dataSource);

    const [row] = (await dataSource.query('SELECT to_regclass($1) AS found', [`"${schema}".repeatable_sql`])) as { found: string | null }[];
    expect(row?.found).toBeNull();
  });
});
