import { z } from 'zod';
import { analystRole } from './analyst-role';

/** What one analyst login may hold, so that a forgotten `BEGIN` or a runaway report cannot hold the database for the pipeline. */
export interface AnalystLimits {
  /** `statement_timeout`: a query running longer is cancelled (SQLSTATE 57014). */
  statementTimeoutMs: number;
  /** `idle_in_transaction_session_timeout`: a transaction left open this long without a statement ends its session (25P03). */
  idleInTransactionTimeoutMs: number;
  /** `idle_session_timeout`: a session idle this long outside a transaction is closed (57P05). */
  idleSessionTimeoutMs: number;
  /** `CONNECTION LIMIT`: sessions the role may have open at once; one more is refused (53300). */
  connectionLimit: number;
}

const oneDayMs = 24 * 60 * 60 * 1000;

/**
 * Empty counts as unset (compose passes `${VAR:-}`). No value turns a limit
 * off: a limit that can be set to "none" by mistake protects nothing.
 * Digits are checked as text: zod's own number checks report a non-number
 * without its input, which loadConfig would print as "not set".
 */
const boundedInt = (defaultValue: number, min: number, max: number) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? String(defaultValue) : value),
    z
      .string()
      .regex(/^\d{1,10}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
  );

/** The variables of the ledger's migration step that set the analyst role's limits; the defaults are the documented ones (docs/ledger.md). */
export const analystLimitsEnv = {
  // The SLA view answers in tens of milliseconds over 10 million entries (bench/ledger); a minute leaves ad-hoc SQL room.
  LEDGER_ANALYST_STATEMENT_TIMEOUT_MS: boundedInt(60_000, 100, oneDayMs),
  // An open transaction holds its snapshot (vacuum waits) and its table locks (migrations wait).
  LEDGER_ANALYST_IDLE_IN_TRANSACTION_TIMEOUT_MS: boundedInt(30_000, 100, oneDayMs),
  // Forgotten psql sessions give their connection back.
  LEDGER_ANALYST_IDLE_SESSION_TIMEOUT_MS: boundedInt(600_000, 100, oneDayMs),
  // Far below the apps' pools (10 per app by default) and Postgres's max_connections (100 by default).
  LEDGER_ANALYST_CONNECTION_LIMIT: boundedInt(5, 1, 1_000),
};

type AnalystLimitsEnv = z.infer<z.ZodObject<typeof analystLimitsEnv>>;

export function toAnalystLimits(env: AnalystLimitsEnv): AnalystLimits {
  return {
    statementTimeoutMs: env.LEDGER_ANALYST_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.LEDGER_ANALYST_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    idleSessionTimeoutMs: env.LEDGER_ANALYST_IDLE_SESSION_TIMEOUT_MS,
    connectionLimit: env.LEDGER_ANALYST_CONNECTION_LIMIT,
  };
}

/**
 * The statements that give a role these limits: `hookline_analyst` in the
 * migration step, a role of their own in the specs. Settings of a role apply
 * to the sessions it opens from then on. The numbers are validated integers
 * and the role a fixed identifier, so the text is safe as it is.
 */
export function analystLimitStatements(limits: AnalystLimits, role: string = analystRole): string[] {
  return [
    `ALTER ROLE ${role} SET statement_timeout = ${limits.statementTimeoutMs}`,
    `ALTER ROLE ${role} SET idle_in_transaction_session_timeout = ${limits.idleInTransactionTimeoutMs}`,
    `ALTER ROLE ${role} SET idle_session_timeout = ${limits.idleSessionTimeoutMs}`,
    `ALTER ROLE ${role} CONNECTION LIMIT ${limits.connectionLimit}`,
  ];
}
