import { spawn } from 'node:child_process';
import { eventually } from '@hookline/testing';

export interface AppProcess {
  stop(): Promise<void>;
}

/** Starts `apps/<name>/src/main.ts` as `npm start` runs an app, and resolves once its /readyz says the group has joined. */
export async function startApp(options: { root: string; name: string; env: NodeJS.ProcessEnv; port: number }): Promise<AppProcess> {
  const child = spawn(process.execPath, ['-r', './tools/register.js', `apps/${options.name}/src/main.ts`], {
    cwd: options.root,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const ready = eventually(
    async () => {
      const response = await fetch(`http://127.0.0.1:${options.port}/readyz`);
      if (response.status !== 200) throw new Error(`${options.name} not ready within 120 s: ${await response.text()}\n${output}`);
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );
  // An app that stops at start-up (a bad config, a handler for a topic its group does not list) fails at once, with its output.
  const crashed = exited.then((code) => Promise.reject(new Error(`${options.name} exited with ${code} before it was ready:\n${output}`)));
  try {
    await Promise.race([ready, crashed]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
