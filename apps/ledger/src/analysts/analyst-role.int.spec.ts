import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testInfrastructure } from '@hookline/testing';
import { Client } from 'pg';
import { analystRole } from './analyst-role';

// The analyst role against the run's real Postgres. The run's migration step
// ran without LEDGER_ANALYST_PASSWORD (as the launcher runs it); here the
// ledger's migration step runs again, as its own process, with a password,
// and the spec logs in as the analyst over TCP with password authentication.

const repoRoot = join(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

async function migrateWithPassword(password: string): Promise<void> {
  await run(process.execPath, ['-r', join(repoRoot, 'tools', 'register.js'), join(repoRoot, 'apps', 'ledger', 'src', 'migrate.ts')], {
    env: { ...process.env, DATABASE_URL: testInfrastructure().databaseUrl, LEDGER_ANALYST_PASSWORD: password },
    timeout: 60_000,
  });
}

function analystUrl(password: string): string {
  const url = new URL(testInfrastructure().databaseUrl);
  url.username = analystRole;
  url.password = password;
  return url.toString();
}

async function connectAs(password: string): Promise<Client> {
  const client = new Client({ connectionString: analystUrl(password) });
  await client.connect();
  return client;
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const insufficientPrivilege = '42501';
const readOnlyTransaction = '25006';
const invalidPassword = '28P01';

describe('the analyst role (Postgres)', () => {
  const password = randomBytes(18).toString('base64url');
  let analyst: Client;

  beforeAll(async () => {
    await migrateWithPassword(password);
    analyst = await connectAs(password);
  }, 90_000);
  afterAll(() => analyst.end());

  it.each(['sla_by_service_month', 'mttr_by_team_month', 'mtta_by_team_month', 'downtime_cost_by_service_month', 'entries', 'entry_history'])(
    'can SELECT from ledger.%s',
    async (relation) => {
      expect(await outcome(analyst, `SELECT * FROM ledger.${relation} LIMIT 1`)).toBe('ok');
    },
  );

  it('cannot INSERT, UPDATE or DELETE, even in a transaction it opens read-write', async () => {
    const attempts = [
      `INSERT INTO ledger.maintenance_windows (maintenance_id, revision, title, components, starts_at, ends_at, cancelled)
       VALUES ('analyst', 1, 'x', '{checkout}', now(), now(), false)`,
      `UPDATE ledger.entries SET downtime_cost = 0`,
      `DELETE FROM ledger.entry_history`,
      `CREATE TABLE ledger.analyst_notes (note text)`,
    ];
    const readOnly = [];
    const readWrite = [];
    for (const sql of attempts) {
      readOnly.push(await outcome(analyst, sql));
      await analyst.query('BEGIN READ WRITE');
      readWrite.push(await outcome(analyst, sql));
      await analyst.query('ROLLBACK');
    }

    expect(readOnly).toEqual(attempts.map(() => readOnlyTransaction));
    expect(readWrite).toEqual(attempts.map(() => insufficientPrivilege));
  });

  it("cannot run the ledger's own writers", async () => {
    expect(await outcome(analyst, "SELECT ledger.rebuild_entries(ARRAY['x'])")).toBe(insufficientPrivilege);
    expect(await outcome(analyst, "SELECT ledger.refresh_service_months(ARRAY['x'], ARRAY['2026-01-01'::date])")).toBe(insufficientPrivilege);
  });

  it('cannot read the other apps’ schemas nor create anything in public', async () => {
    const results = [
      await outcome(analyst, 'SELECT * FROM correlator.incidents LIMIT 1'),
      await outcome(analyst, 'SELECT * FROM ingress.integrations LIMIT 1'),
    ];
    await analyst.query('BEGIN READ WRITE');
    results.push(await outcome(analyst, 'CREATE TABLE public.analyst_notes (note text)'));
    await analyst.query('ROLLBACK');

    expect(results).toEqual([insufficientPrivilege, insufficientPrivilege, insufficientPrivilege]);
  });

  it('takes a new password when the migration step runs again with one, and refuses the old one', async () => {
    const rotated = randomBytes(18).toString('base64url');
    await migrateWithPassword(rotated);

    const withNew = await connectAs(rotated);
    expect(await outcome(withNew, 'SELECT count(*) FROM ledger.entries')).toBe('ok');
    await withNew.end();
    await expect(connectAs(password)).rejects.toMatchObject({ code: invalidPassword });
  }, 90_000);
});
