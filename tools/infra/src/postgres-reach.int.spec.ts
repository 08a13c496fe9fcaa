import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { locatePostgresBinaries } from './postgres-binaries';
import { postgresRunAs } from './postgres-os-user';
import { binariesReachableBy, reachableBy, type SystemFolders } from './postgres-reach';
import { startPostgresServer } from './postgres-server';
import { pickFreePorts } from './ports';

// A clone in root's home (/root is mode 0700) is the case this covers: as
// root, Postgres runs as the OS user postgres, who cannot enter such a folder.
// mkdtemp makes exactly such a folder; the system folders live in one that
// everyone may enter, as /var/cache and /var/lib do.
const asRoot = process.getuid?.() === 0;

describe('Postgres from a private folder', () => {
  let privateFolder: string;
  let folders: SystemFolders;
  const logged: string[] = [];
  const log = (message: string): void => void logged.push(message);

  beforeAll(async () => {
    privateFolder = await mkdtemp(join(tmpdir(), 'hookline-private-'));
    await chmod(privateFolder, 0o700);
    const shared = await mkdtemp(join(tmpdir(), 'hookline-system-'));
    await chmod(shared, 0o755);
    folders = { cacheRoot: join(shared, 'cache'), stateRoot: join(shared, 'lib') };
  });

  afterAll(async () => {
    await rm(privateFolder, { recursive: true, force: true });
    await rm(join(folders.cacheRoot, '..'), { recursive: true, force: true });
  });

  it('starts, keeps its data across restarts, and says where the data went when it had to move it', async () => {
    const dataDir = join(privateFolder, 'clone', '.hookline', 'dev');
    await mkdir(dataDir, { recursive: true });
    const [port = 0] = await pickFreePorts(1);

    const first = await startPostgresServer({ dataDir, fresh: false, port, log, systemFolders: folders });
    await query(first.databaseUrl, 'CREATE TABLE kept (id int)');
    await first.stop();
    const second = await startPostgresServer({ dataDir, fresh: false, port, log, systemFolders: folders });
    try {
      expect(await query(second.databaseUrl, 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 0 }]);
    } finally {
      await second.stop();
    }

    const moved = logged.filter((line) => line.startsWith('Postgres data in '));
    if (asRoot) {
      expect(moved[0]).toContain(folders.stateRoot);
      expect(moved[0]).toContain(`cannot reach ${dataDir}`);
    } else {
      expect(moved).toEqual([]);
    }
  }, 120_000);

  it('as root, runs a copy of binaries that the postgres user cannot reach, made once', async () => {
    const installed = join(privateFolder, 'node_modules', 'native');
    await mkdir(join(installed, 'bin'), { recursive: true });
    await mkdir(join(installed, 'share'), { recursive: true });
    await writeFile(join(installed, 'bin', 'postgres'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(join(installed, 'bin', 'initdb'), '#!/bin/sh\n', { mode: 0o755 });
    const binaries = { version: 'spec-1', initdb: join(installed, 'bin', 'initdb'), postgres: join(installed, 'bin', 'postgres') };
    const runAs = await postgresRunAs(log);

    const reachable = await binariesReachableBy(runAs, binaries, log, folders);

    if (!runAs) {
      expect(reachable).toBe(binaries);
      return;
    }
    expect(reachable.postgres).toBe(join(folders.cacheRoot, 'postgres-spec-1', 'bin', 'postgres'));
    expect(await reachableBy(runAs, reachable.postgres)).toBe(true);
    const copiedAt = (await stat(reachable.postgres)).mtimeMs;
    await binariesReachableBy(runAs, binaries, log, folders);
    expect((await stat(reachable.postgres)).mtimeMs).toBe(copiedAt);
  });

  it('uses the installed binaries where they are reachable', async () => {
    const binaries = locatePostgresBinaries();
    expect(await binariesReachableBy(await postgresRunAs(log), binaries, log, folders)).toEqual(binaries);
  });
});

async function query(databaseUrl: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
