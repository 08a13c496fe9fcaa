import { ConfigError, loadConfig } from '@hookline/platform/config';
import { analystLoginEnvSchema } from './analyst-login';
import { analystLimitStatements, toAnalystLimits } from './analyst-limits';

const databaseUrl = { DATABASE_URL: 'postgres://hookline@127.0.0.1:5432/hookline' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(analystLoginEnvSchema, { ...databaseUrl, ...env });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.problems];
  }
}

describe('the analyst role limits of the migration step', () => {
  it('default to the documented limits when no variable is set (or one is empty)', () => {
    const env = loadConfig(analystLoginEnvSchema, { ...databaseUrl, LEDGER_ANALYST_CONNECTION_LIMIT: '' });

    expect(toAnalystLimits(env)).toEqual({ statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 30_000, idleSessionTimeoutMs: 600_000, connectionLimit: 5 });
  });

  it('become the ALTER ROLE statements of hookline_analyst', () => {
    const env = loadConfig(analystLoginEnvSchema, {
      ...databaseUrl,
      LEDGER_ANALYST_STATEMENT_TIMEOUT_MS: '120000',
      LEDGER_ANALYST_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
      LEDGER_ANALYST_IDLE_SESSION_TIMEOUT_MS: '900000',
      LEDGER_ANALYST_CONNECTION_LIMIT: '20',
    });

    expect(analystLimitStatements(toAnalystLimits(env))).toEqual([
      'ALTER ROLE hookline_analyst SET statement_timeout = 120000',
      'ALTER ROLE hookline_analyst SET idle_in_transaction_session_timeout = 5000',
      'ALTER ROLE hookline_analyst SET idle_session_timeout = 900000',
      'ALTER ROLE hookline_analyst CONNECTION LIMIT 20',
    ]);
  });

  it('refuse a limit that would turn itself off or is not a number, naming the variable', () => {
    const problems = problemsOf({ LEDGER_ANALYST_STATEMENT_TIMEOUT_MS: '0', LEDGER_ANALYST_CONNECTION_LIMIT: 'many', LEDGER_ANALYST_IDLE_SESSION_TIMEOUT_MS: '1.5' });

    expect(problems.sort()).toEqual([
      expect.stringMatching(/^LEDGER_ANALYST_CONNECTION_LIMIT: must be a whole number/),
      expect.stringMatching(/^LEDGER_ANALYST_IDLE_SESSION_TIMEOUT_MS: must be a whole number/),
      expect.stringMatching(/^LEDGER_ANALYST_STATEMENT_TIMEOUT_MS: must be at least 100/),
    ]);
  });
});
