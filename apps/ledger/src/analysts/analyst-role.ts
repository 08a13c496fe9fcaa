import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** The Postgres role analysts log in as (read-only, `ledger` schema only). */
export const analystRole = 'hookline_analyst';

/** Postgres's default iteration count for SCRAM-SHA-256 (`scram_iterations`). */
const iterations = 4096;

/**
 * The statement that lets the analyst role log in with `password`. The
 * password goes to the server as a SCRAM-SHA-256 verifier, never in clear
 * text, so it cannot end up in the server log or in pg_stat_statements; a
 * verifier works with both `scram-sha-256` and `md5` lines in pg_hba.conf.
 */
export function analystLoginStatement(password: string, salt: Buffer = randomBytes(16)): string {
  return `ALTER ROLE ${analystRole} WITH LOGIN PASSWORD '${scramVerifier(password, salt)}'`;
}

/** RFC 5802 / RFC 7677, in the format Postgres stores in pg_authid. Only base64, digits, `$` and `:`: safe inside a literal. */
export function scramVerifier(password: string, salt: Buffer): string {
  // Postgres SASLpreps the password first, which leaves printable ASCII (all the config accepts) unchanged.
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
