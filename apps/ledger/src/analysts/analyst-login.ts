import { ConfigError, loadConfig, postgresUrl } from '@hookline/platform/config';
import type { Logger } from '@hookline/platform/observability';
import { createDataSource } from '@hookline/platform/persistence';
import { z } from 'zod';
import { analystLoginStatement, analystRole } from './analyst-role';

/**
 * `LEDGER_ANALYST_PASSWORD`: optional, so a local start or a test run
 * migrates without it; empty counts as unset (compose passes `${VAR:-}`).
 */
export const analystLoginEnvSchema = z.object({
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
 * Run after every migration step, not once in a migration: changing the
 * variable and re-running the step is how the password is rotated. Without a
 * password the role is left as it is (created without LOGIN, or with the
 * password an earlier step set).
 */
export async function applyAnalystLogin(env: AnalystLoginEnv, logger: Logger): Promise<void> {
  if (env.LEDGER_ANALYST_PASSWORD === undefined) {
    logger.info({ role: analystRole }, 'LEDGER_ANALYST_PASSWORD not set: analyst role login left unchanged');
    return;
  }
  const dataSource = createDataSource({ url: env.DATABASE_URL, schema: 'ledger', entities: [], migrations: [], poolSize: 1, applicationName: 'hookline-ledger-migrate' });
  await dataSource.initialize();
  try {
    await dataSource.query(analystLoginStatement(env.LEDGER_ANALYST_PASSWORD));
    logger.info({ role: analystRole }, 'analyst role can log in with LEDGER_ANALYST_PASSWORD');
  } finally {
    await dataSource.destroy();
  }
}
