import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from './child-process';
import { errorCode } from './errors';

export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK_FILE = 'infra.pid';

/**
 * One infrastructure per data folder. Without this, a second `npm test` in
 * the same checkout would wipe (fresh) the data of the first while its Kafka
 * and Postgres still run, and both would fail in confusing ways.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => releaseLock(path) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && isProcessAlive(owner)) {
      const who = owner === process.pid ? 'this process, which did not stop it' : `process ${owner}`;
      throw new Error(
        `${dataDir} is in use by another Hookline infrastructure (${who}). Stop that one first, or use another data folder.`,
      );
    }
    // Left by a process that died without releasing it.
    await unlink(path).catch(() => undefined);
  }
  throw new Error(`Could not lock ${path}: another process keeps taking it`);
}

async function releaseLock(path: string): Promise<void> {
  const owner = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (owner === String(process.pid)) await unlink(path).catch(() => undefined);
}
