import { createHash } from 'node:crypto';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { runCommand, type RunAs } from './child-process';
import { pathExists } from './files';
import type { PostgresBinaries } from './postgres-binaries';

/*
 * As root, Postgres runs as the OS user `postgres` (it refuses root), and that
 * user must reach two things: the binaries (inside node_modules) and the data
 * directory (inside the clone's data folder). A clone in a private folder,
 * such as root's own home (/root is mode 0700), gives it neither. Rather than
 * ask the user to chmod their home, both move to system folders made for this:
 * a copy of the binaries in /var/cache (rebuildable, one per Postgres
 * version) and the cluster in /var/lib (state that must survive restarts),
 * keyed by the data folder so that two clones never share a cluster.
 */

/** Where relocated Postgres state lives; overridable for tests. */
export interface SystemFolders {
  cacheRoot: string;
  stateRoot: string;
}

export const SYSTEM_FOLDERS: SystemFolders = { cacheRoot: '/var/cache/hookline', stateRoot: '/var/lib/hookline' };

/** Whether `runAs` can enter `path` (every parent folder searchable, and the path itself). */
export async function reachableBy(runAs: RunAs, path: string): Promise<boolean> {
  try {
    await runCommand({ command: 'sh', args: ['-c', 'test -x "$1"', 'sh', path], runAs, timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The binaries as `runAs` can run them: the installed ones when reachable,
 * otherwise a copy of the whole install (bin, lib, share: initdb needs all
 * three) made once in the cache, world-readable.
 */
export async function binariesReachableBy(
  runAs: RunAs | undefined,
  binaries: PostgresBinaries,
  log: (message: string) => void,
  folders: SystemFolders = SYSTEM_FOLDERS,
): Promise<PostgresBinaries> {
  if (!runAs || (await reachableBy(runAs, binaries.postgres))) return binaries;
  const install = dirname(dirname(binaries.postgres));
  const copy = join(folders.cacheRoot, `postgres-${binaries.version}`);
  const relocated = { version: binaries.version, initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
  if (!(await pathExists(relocated.postgres))) {
    log(`copying the Postgres binaries to ${copy}: the OS user postgres cannot reach ${install}`);
    await mkdir(folders.cacheRoot, { recursive: true, mode: 0o755 });
    await chmod(folders.cacheRoot, 0o755);
    // Copied beside the target and renamed, so an interrupted copy is never taken for a complete one.
    const partial = `${copy}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await runCommand({ command: 'cp', args: ['-a', install, partial], timeoutMs: 120_000 });
    await runCommand({ command: 'chmod', args: ['-R', 'a+rX', partial], timeoutMs: 60_000 });
    await rename(partial, copy).catch(async (error: unknown) => {
      // Another run finished the same copy first: theirs is as good as ours.
      await rm(partial, { recursive: true, force: true });
      if (!(await pathExists(relocated.postgres))) throw error;
    });
  }
  return relocated;
}

/**
 * The cluster's folder: `<dataDir>/postgres` when `runAs` can reach the data
 * folder, otherwise `/var/lib/hookline/postgres-<hash of the data folder>`.
 */
export async function dataDirectoryFor(
  dataDir: string,
  runAs: RunAs | undefined,
  folders: SystemFolders = SYSTEM_FOLDERS,
): Promise<string> {
  // Entering the data folder is enough: the cluster's own folder is created by root and handed to runAs.
  if (!runAs || (await reachableBy(runAs, dataDir))) return join(dataDir, 'postgres');
  const key = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  await mkdir(folders.stateRoot, { recursive: true, mode: 0o755 });
  await chmod(folders.stateRoot, 0o755);
  return join(folders.stateRoot, `postgres-${key}`);
}
