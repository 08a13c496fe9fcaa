import { HooklineError } from './hookline-error';

/**
 * Socket errors of a dependency that is down or restarting, as Node reports
 * them (pg, kafkajs and fetch all surface these codes).
 */
const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Postgres SQLSTATEs that say the server, not the statement, is the problem:
 * class 08 (connection exception), 57P01–57P03 (admin or crash shutdown,
 * cannot connect now), 53300 (too many connections).
 */
function isPostgresUnavailableState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

const unavailableMessages = [/Connection terminated/i, /connection timeout/i, /Client has encountered a connection error/i, /the database system is (starting up|shutting down)/i];

/**
 * Whether a failure means a dependency (Postgres, Kafka, an HTTP service) is
 * unavailable rather than that the work itself is wrong. Consumers wait such
 * an outage out instead of counting it against the event: no retry budget
 * can know how long a restart takes, and dead-lettering good events because
 * the database was down for a minute loses them in practice.
 */
export function isDependencyOutage(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof HooklineError) return current.code === 'dependency_unavailable';
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (networkErrorCodes.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isPostgresUnavailableState(code)))) return true;
    if (typeof message === 'string' && unavailableMessages.some((pattern) => pattern.test(message))) return true;
    // TypeORM wraps the driver's error; Error.cause chains wrap the rest.
    current = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}
