import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');

export interface TypeScriptProcessOptions {
  /** Path of the entry point relative to the repository root, e.g. `apps/ingress/src/main.ts`. */
  entry: string;
  env: Record<string, string>;
  /** stdout and stderr are appended here. */
  logFile: string;
  /** Extra command-line arguments for the entry point. */
  args?: string[];
  /**
   * Start from an empty environment (only PATH) instead of this process's,
   * to prove that `env` alone is enough, as in a container.
   */
  isolatedEnv?: boolean;
}

/** Runs a TypeScript entry point with SWC (tools/register.js), its output in a log file. */
export function spawnTypeScript(options: TypeScriptProcessOptions): ChildProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const baseEnv = options.isolatedEnv ? { PATH: process.env['PATH'] ?? '' } : process.env;
  const child = spawn(process.execPath, ['-r', './tools/register.js', options.entry, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...baseEnv, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** SIGTERM, then SIGKILL if the process has not exited within the grace period. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exitOf(child);
  clearTimeout(timer);
}
