import { ConfigError, loadConfig, postgresUrl } from '@hookline/platform/config';
import type { Logger } from '@hookline/platform/observability';
import { createDataSource, queryRow } from '@hookline/platform/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { analystLimitStatements, analystLimitsEnv, toAnalystLimits } from './analyst-limits';
import { analystLoginStatement, analystRole } from './analyst-role';

/**
 * `LEDGER_ANALYST_PASSWORD`: optional, so a local start or a test run
 * migrates without it; empty counts as unset (compose passes `${VAR:-}`).
 * `LEDGER_ANALYST_*_TIMEOUT_MS` and `…_CONNECTION_LIMIT`: the role's limits (analyst-limits.ts).
 */
export const analystLoginEnvSchema = z.object({
  ...analystLimitsEnv,
  DATABASE_URL: postgresUrl(),
  LEDGER_ANALYST_PASSWORD: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(256, 'must be at most 256 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
  ),
});

export type AnalystLoginEnv = z.infer<typeof analystLoginEnvSchema>;

/** Reads the environment of the migration step, or prints every problem and exits 1 (as the apps do at start-up). */
export function analystLoginEnv(env: NodeJS.ProcessEnv): AnalystLoginEnv {
  try {
    return loadConfig(analystLoginEnvSchema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Run after every migration step, not once in a migration: changing a
 * variable and re-running the step is how the password is rotated and a
 * limit changed. The limits are always applied (their defaults when unset);
 * without a password the login is left as it is (created without LOGIN, or
 * with the password an earlier step set).
 */
export async function applyAnalystLogin(env: AnalystLoginEnv, logger: Logger): Promise<void> {
  const dataSource = createDataSource({ url: env.DATABASE_URL, schema: 'ledger', entities: [], migrations: [], poolSize: 1, applicationName: 'hookline-ledger-migrate' });
  await dataSource.initialize();
  try {
    const limits = toAnalystLimits(env);
    for (const statement of analystLimitStatements(limits)) await dataSource.query(statement);
    logger.info({ role: analystRole, ...limits }, 'analyst role limits applied');
    await warnIfAnalystCanTakeAdvisoryLocks(dataSource, logger);
    if (env.LEDGER_ANALYST_PASSWORD === undefined) {
      logger.info({ role: analystRole }, 'LEDGER_ANALYST_PASSWORD not set: analyst role login left unchanged');
      return;
    }
    await dataSource.query(analystLoginStatement(env.LEDGER_ANALYST_PASSWORD));
    logger.info({ role: analystRole }, 'analyst role can log in with LEDGER_ANALYST_PASSWORD');
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The migration AnalystAdvisoryLocks can revoke the advisory-lock functions
 * only when it runs as a superuser (their owner); on a managed Postgres whose
 * admin is not one, they stay and Postgres says so only in a notice.
 */
async function warnIfAnalystCanTakeAdvisoryLocks(dataSource: DataSource, logger: Logger): Promise<void> {
  const row = await queryRow(dataSource, z.object({ allowed: z.boolean() }), `SELECT has_function_privilege($1, 'pg_catalog.pg_advisory_xact_lock(bigint)', 'EXECUTE') AS allowed`, [
    analystRole,
  ]);
  if (row?.allowed) {
    logger.warn(
      { role: analystRole },
      'analyst role can still take advisory locks: have a superuser run the statements in docs/ledger.md (the analyst role)',
    );
  }
}
