import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CommandError, runCommand, spawnSupervised } from './child-process';
import { eventually, isRunning } from './test-support/process-table';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

describe('supervised processes', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hookline-child-process-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the process with its stop signal and reports how it ended', async () => {
    const sleeper = await spawnSupervised({
      name: 'sleeper',
      command: 'sleep',
      args: ['300'],
      outputFile: join(dir, 'sleeper.log'),
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 5_000,
    });
    expect(isRunning(sleeper.pid)).toBe(true);

    await sleeper.stop();

    expect(await sleeper.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(isRunning(sleeper.pid)).toBe(false);
    expect(await eventually(() => !isRunning(sleeper.watchdogPid))).toBe(true);
  });

  it('kills a process that ignores its stop signal once the grace period is over', async () => {
    // An ignored signal stays ignored across exec, so this sleep shrugs off SIGTERM.
    const stubborn = await spawnSupervised({
      name: 'stubborn',
      command: 'sh',
      args: ['-c', "trap '' TERM; exec sleep 300"],
      outputFile: join(dir, 'stubborn.log'),
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 300,
    });

    await stubborn.stop();

    expect((await stubborn.exited).signal).toBe('SIGKILL');
  });

  it('treats a second stop as the same stop', async () => {
    const sleeper = await spawnSupervised({
      name: 'sleeper',
      command: 'sleep',
      args: ['300'],
      outputFile: join(dir, 'sleeper-twice.log'),
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 5_000,
    });

    await Promise.all([sleeper.stop(), sleeper.stop()]);
    await sleeper.stop();

    expect(sleeper.hasExited()).toBe(true);
  });

  it('leaves no orphan when the parent Node process is killed with SIGKILL', async () => {
    // A real parent: a Node process that supervises a sleep and then dies without any chance to clean up.
    const parentScript = `
      const { spawnSupervised } = require(${JSON.stringify(join(__dirname, 'child-process.ts'))});
      spawnSupervised({
        name: 'orphan-candidate', command: 'sleep', args: ['300'], outputFile: ${JSON.stringify(join(dir, 'orphan.log'))},
        stopSignal: 'SIGTERM', stopTimeoutMs: 5000,
      }).then((child) => { console.log(child.pid); setInterval(() => undefined, 1000); });
    `;
    const parent = spawn(process.execPath, ['-r', join(REPO_ROOT, 'tools', 'register.js'), '-e', parentScript], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const childPid = await new Promise<number>((resolvePid, reject) => {
      parent.stdout?.once('data', (chunk: Buffer) => resolvePid(Number(chunk.toString().trim())));
      parent.once('exit', () => reject(new Error('parent exited before starting its child')));
    });
    expect(isRunning(childPid)).toBe(true);

    parent.kill('SIGKILL');

    expect(await eventually(() => !isRunning(childPid), 10_000)).toBe(true);
  });

  it('fails a command with its output, so the caller can show why', async () => {
    const failure = await runCommand({ command: 'sh', args: ['-c', 'echo broken config >&2; exit 3'], timeoutMs: 5_000 }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as CommandError).output).toContain('broken config');
    expect((failure as CommandError).exit).toEqual({ code: 3, signal: null });
  });

  it('fails a command that is not installed with ENOENT', async () => {
    await expect(runCommand({ command: 'hookline-no-such-command', args: [], timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
