import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { errorCode } from './errors';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunAs {
  uid: number;
  gid: number;
}

export interface SupervisedProcessOptions {
  /** Names the program in errors, e.g. "Kafka". */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here, so even a crash before the program's own logging starts is on disk. */
  outputFile: string;
  runAs?: RunAs;
  /** Asks the program for a clean shutdown: SIGTERM for the JVM, SIGINT (fast shutdown) for Postgres. */
  stopSignal: 'SIGTERM' | 'SIGINT';
  /** How long a clean shutdown may take before SIGKILL. */
  stopTimeoutMs: number;
  /**
   * Keep this Node process alive while the child runs (an app or a migration
   * the caller waits for). Servers are unreferenced by default, so a caller
   * that is done does not hang on a broker it forgot to stop.
   */
  keepParentAlive?: boolean;
}

export interface SupervisedProcess {
  readonly name: string;
  readonly pid: number;
  /** The pid of the watchdog that stops this process if ours dies; exposed for tests. */
  readonly watchdogPid: number;
  readonly exited: Promise<ProcessExit>;
  hasExited(): boolean;
  /** Idempotent. Sends the stop signal synchronously, so even a call from an 'exit' handler reaches the process. */
  stop(): Promise<void>;
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
    readonly exit?: ProcessExit,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** True when spawning failed because the program is not installed (or not on PATH). */
export function isCommandNotFound(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}

/*
 * Why a watchdog: a long-running server outlives its parent by default, so an
 * `npm start` killed with SIGKILL (or a crashed Jest worker) would leave Kafka
 * and Postgres holding ports and data directories. Each server gets a tiny `sh`
 * whose stdin is a pipe from this Node process. The kernel closes that pipe
 * however Node ends, SIGKILL included, so `read` returns and the watchdog
 * stops the server: first politely, then with SIGKILL after the grace period.
 * A pipe rather than polling the parent pid: no polling delay, no pid reuse.
 * Node opens its pipes close-on-exec, so no other child inherits the write
 * end and keeps a watchdog waiting. The servers run in their own process group
 * (detached), so Ctrl-C in a terminal reaches only Node, which then stops them
 * in order instead of Kafka dying under apps that are still flushing.
 */
const WATCHDOG_SCRIPT = [
  'read -r _ || true',
  'kill -s "$2" "$1" 2>/dev/null || exit 0',
  'waited=0',
  'while kill -0 "$1" 2>/dev/null; do',
  '  if [ "$waited" -ge "$3" ]; then kill -s KILL "$1" 2>/dev/null; exit 0; fi',
  '  sleep 1; waited=$((waited + 1))',
  'done',
].join('\n');

/** Starts a long-running server with a watchdog; resolves once the program is running (not yet ready). */
export async function spawnSupervised(options: SupervisedProcessOptions): Promise<SupervisedProcess> {
  const output = openSync(options.outputFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      detached: true,
      stdio: ['ignore', output, output],
      env: options.env ?? process.env,
      uid: options.runAs?.uid,
      gid: options.runAs?.gid,
    });
  } finally {
    // The child holds its own copy of the descriptor once spawn() returns.
    closeSync(output);
  }

  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const pid = await spawned(child);

  let watchdog: ChildProcess;
  try {
    watchdog = await startWatchdog(pid, options);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  void exited.then(() => watchdog.kill('SIGKILL'));
  // Neither keeps Node alive: stop() and the watchdog decide their lifetime.
  if (!options.keepParentAlive) child.unref();
  watchdog.unref();

  let stopping: Promise<void> | undefined;
  const stopNow = async (): Promise<void> => {
    if (exit) return;
    child.ref();
    child.kill(options.stopSignal);
    if (await exitsWithin(exited, options.stopTimeoutMs)) return;
    child.kill('SIGKILL');
    if (!(await exitsWithin(exited, 5_000))) {
      throw new Error(`${options.name} (pid ${pid}) did not exit after SIGKILL`);
    }
  };

  return {
    name: options.name,
    pid,
    watchdogPid: watchdog.pid ?? -1,
    exited,
    hasExited: () => exit !== undefined,
    stop: () => (stopping ??= stopNow()),
  };
}

export interface RunCommandOptions {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  runAs?: RunAs;
  timeoutMs: number;
}

/** Runs a short-lived command to completion; rejects with its output when it fails or times out. */
export async function runCommand(options: RunCommandOptions): Promise<{ output: string }> {
  const child = spawn(options.command, [...options.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.runAs?.uid,
    gid: options.runAs?.gid,
  });
  const output = new BoundedText(64 * 1024);
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CommandError(`${options.command} did not finish within ${options.timeoutMs} ms`, output.text()));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ output: output.text() });
      else reject(new CommandError(`${options.command} failed (${describeExit({ code, signal })})`, output.text(), { code, signal }));
    });
  });
}

/** Whether a pid belongs to a live process (EPERM: alive, owned by another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
}

function spawned(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => {
      child.off('error', reject);
      if (child.pid === undefined) reject(new Error('spawned process has no pid'));
      else resolve(child.pid);
    });
  });
}

async function startWatchdog(pid: number, options: SupervisedProcessOptions): Promise<ChildProcess> {
  const graceSeconds = Math.max(1, Math.ceil(options.stopTimeoutMs / 1000));
  const watchdog = spawn(
    'sh',
    ['-c', WATCHDOG_SCRIPT, 'hookline-watchdog', String(pid), options.stopSignal.replace(/^SIG/, ''), String(graceSeconds)],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  await spawned(watchdog);
  // Nothing is ever written; the pipe only signals, by closing, that this process is gone.
  watchdog.stdin?.on('error', () => undefined);
  return watchdog;
}

async function exitsWithin(exited: Promise<ProcessExit>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([exited.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Keeps the last `limit` bytes: enough for an error message, bounded for a chatty tool. */
class BoundedText {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
