import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CommandResult {
  exitCode: number | null;
  /** stdout and stderr interleaved, as a person at a terminal would see them. */
  output: string;
}

/** Runs a command to its end without blocking the event loop (Jest's timers and other specs keep running). */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, output }));
  });
}

/**
 * The environment of a command run in a copy of the repository. tools/register.js
 * keeps a SWC_NODE_PROJECT it inherits, and the one of the process that made
 * the copy maps @hookline/* to the original's libs: the copy's own code, its
 * new consumer group included, would not be the code that runs.
 */
export function copyEnvironment(root: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') };
}

/** The environment of a one-off Nx command in a copy: no daemon left behind, no cloud, no cache from elsewhere. */
export function nxEnvironment(root: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...copyEnvironment(root, env), NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' };
}

/** `npx nx g @hookline/nx-plugin:consumer …`, exactly as a person types it. */
export function generateConsumer(root: string, options: { name: string; topic: string; batch?: boolean }): Promise<CommandResult> {
  const args = ['nx', 'g', '@hookline/nx-plugin:consumer', options.name, '--topic', options.topic, ...(options.batch ? ['--batch'] : [])];
  return runCommand('npx', args, { cwd: root, env: nxEnvironment(root) });
}
