import { randomBytes } from 'node:crypto';
import { eventually, testInfrastructure, uniqueName } from '@hookline/testing';
import { Client } from 'pg';
import { type AnalystLimits, analystLimitStatements } from './analyst-limits';
import { analystRole } from './analyst-role';

// What an analyst session can do to the pipeline, against the run's real
// Postgres (migrated by the run's migration step, which also gave
// hookline_analyst its default limits). The limits are tried on analyst logins
// of the spec's own (members of hookline_analyst, as a per-person login is),
// so that short limits never touch another spec's analyst session.

const queryCanceled = '57014';
const idleInTransactionTimeout = '25P03';
const idleSessionTimeout = '57P05';
const tooManyConnections = '53300';
const insufficientPrivilege = '42501';

const generous: AnalystLimits = { statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 60_000, idleSessionTimeoutMs: 60_000, connectionLimit: 10 };

let pipeline: Client;
const analystLogins: string[] = [];

beforeAll(async () => {
  pipeline = new Client({ connectionString: testInfrastructure().databaseUrl });
  await pipeline.connect();
});

afterAll(async () => {
  for (const role of analystLogins) {
    await pipeline.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
    await pipeline.query(`DROP ROLE IF EXISTS ${role}`);
  }
  await pipeline.end();
});

/** A login that is a member of hookline_analyst, with `limits` given as the migration step gives them; returns how to open a session. */
async function analystLoginWith(limits: Partial<AnalystLimits>): Promise<() => Promise<Client>> {
  const role = uniqueName('spec_analyst').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const password = randomBytes(18).toString('hex');
  await pipeline.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' IN ROLE ${analystRole}`);
  analystLogins.push(role);
  for (const statement of analystLimitStatements({ ...generous, ...limits }, role)) await pipeline.query(statement);
  const url = new URL(testInfrastructure().databaseUrl);
  url.username = role;
  url.password = password;
  return async () => {
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };
}

/** The SQLSTATE a promise fails with, or 'ok'. */
async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** The errors an idle session is ended with: Postgres sends its reason unasked, then the connection closes. */
function endedWith(client: Client): () => string[] {
  const codes: string[] = [];
  client.on('error', (error: Error & { code?: string }) => codes.push(error.code ?? error.message));
  return () => codes;
}

describe('the analyst role cannot stall the pipeline (Postgres)', () => {
  it('has the documented default limits after the migration step', async () => {
    const [role] = (await pipeline.query('SELECT rolconnlimit, rolconfig FROM pg_roles WHERE rolname = $1', [analystRole])).rows as {
      rolconnlimit: number;
      rolconfig: string[];
    }[];

    expect(role?.rolconnlimit).toBe(5);
    expect(role?.rolconfig).toEqual(
      expect.arrayContaining(['statement_timeout=60000', 'idle_in_transaction_session_timeout=30000', 'idle_session_timeout=600000']),
    );
  });

  it('may run none of the advisory-lock functions the apps serialise on', async () => {
    const functions = (
      await pipeline.query(
        `SELECT p.oid::regprocedure::text AS name, has_function_privilege($1, p.oid, 'EXECUTE') AS allowed
         FROM pg_proc AS p WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg\\_%advisory\\_%' ORDER BY 1`,
        [analystRole],
      )
    ).rows as { name: string; allowed: boolean }[];

    expect(functions.map((f) => f.name)).toEqual(
      expect.arrayContaining(['pg_advisory_lock(bigint)', 'pg_advisory_xact_lock(bigint)', 'pg_advisory_xact_lock(integer,integer)', 'pg_try_advisory_xact_lock(bigint)']),
    );
    expect(functions.filter((f) => f.allowed)).toEqual([]);
  });

  it("refuses pg_advisory_lock to an analyst's session, on the very keys the apps lock", async () => {
    const analyst = await (await analystLoginWith({}))();
    try {
      const attempts = [
        "SELECT pg_advisory_lock(hashtext('hookline.migrations.ledger'))",
        "SELECT pg_advisory_xact_lock(hashtext('hookline.ledger.writer'))",
        "SELECT pg_try_advisory_lock(hashtext('hookline.correlator'), 1)",
      ];
      const outcomes = [];
      for (const sql of attempts) outcomes.push(await outcome(analyst.query(sql)));

      expect(outcomes).toEqual(attempts.map(() => insufficientPrivilege));
    } finally {
      await analyst.end();
    }
  });

  it("leaves the pipeline's own role its advisory locks and its long queries", async () => {
    await pipeline.query('BEGIN');
    try {
      expect(await outcome(pipeline.query("SELECT pg_advisory_xact_lock(hashtext('spec.analyst-limits'))"))).toBe('ok');
      // Longer than the analyst's statement timeout in the next spec.
      expect(await outcome(pipeline.query('SELECT pg_sleep(0.5)'))).toBe('ok');
    } finally {
      await pipeline.query('ROLLBACK');
    }
  });

  it("cancels an analyst's query that runs longer than its statement timeout", async () => {
    const analyst = await (await analystLoginWith({ statementTimeoutMs: 200 }))();
    try {
      expect(await outcome(analyst.query('SELECT pg_sleep(30)'))).toBe(queryCanceled);
      expect(await outcome(analyst.query('SELECT 1'))).toBe('ok');
    } finally {
      await analyst.end();
    }
  });

  it('ends an analyst session left idle inside a transaction', async () => {
    const analyst = await (await analystLoginWith({ idleInTransactionTimeoutMs: 200 }))();
    const ended = endedWith(analyst);
    await analyst.query('BEGIN');
    await analyst.query('SELECT count(*) FROM ledger.entries');

    await eventually(() => expect(ended()).toContain(idleInTransactionTimeout), { timeoutMs: 10_000 });
  });

  it('closes an analyst session left idle outside a transaction', async () => {
    const analyst = await (await analystLoginWith({ idleSessionTimeoutMs: 200 }))();
    const ended = endedWith(analyst);

    await eventually(() => expect(ended()).toContain(idleSessionTimeout), { timeoutMs: 10_000 });
  });

  it('refuses an analyst session beyond the connection limit', async () => {
    const connect = await analystLoginWith({ connectionLimit: 2 });
    const open = [await connect(), await connect()];
    try {
      expect(await outcome(connect())).toBe(tooManyConnections);
    } finally {
      await Promise.all(open.map((client) => client.end()));
    }
  });
});
