import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';

describe('data folder lock', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-lock-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a folder locked by a live process, naming it', async () => {
    await writeFile(join(dataDir, 'infra.pid'), `${process.ppid}\n`);

    await expect(lockDataDir(dataDir)).rejects.toThrow(
      `${dataDir} is in use by another Hookline infrastructure (process ${process.ppid})`,
    );
  });

  it('takes over a lock left by a process that died', async () => {
    const dead = spawnSync('true');
    await writeFile(join(dataDir, 'infra.pid'), `${dead.pid}\n`);

    const lock = await lockDataDir(dataDir);

    expect(await readFile(join(dataDir, 'infra.pid'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('can be taken again once released', async () => {
    await (await lockDataDir(dataDir)).release();

    await expect(lockDataDir(dataDir).then((lock) => lock.release())).resolves.toBeUndefined();
  });
});
