import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type SupervisedProcess, spawnSupervised } from '@hookline/infra';

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

/**
 * Runs a TypeScript entry point with SWC (tools/register.js), its output in a
 * log file, under the same watchdog as Kafka and Postgres: if the launcher
 * dies, even by SIGKILL, the app is stopped too.
 */
export function spawnTypeScript(options: TypeScriptProcessOptions): Promise<SupervisedProcess> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const baseEnv = options.isolatedEnv ? { PATH: process.env['PATH'] ?? '' } : process.env;
  return spawnSupervised({
    name: options.entry,
    command: process.execPath,
    args: ['-r', join(repoRoot, 'tools', 'register.js'), join(repoRoot, options.entry), ...(options.args ?? [])],
    env: { ...baseEnv, ...options.env },
    outputFile: options.logFile,
    stopSignal: 'SIGTERM',
    // Long enough for an app to finish in-flight requests and flush its producer.
    stopTimeoutMs: 15_000,
    keepParentAlive: true,
  });
}
