// The first step of every npm script: `node tools/bootstrap/run.mjs <entry.ts> [args…]`.
// 1. A supported Node (node-runtime.mjs): the machine's, or Node 24 fetched once.
// 2. The npm dependencies, when node_modules is missing or stale (ensure-deps.mjs).
// 3. The TypeScript entry point, run by that Node through SWC (tools/register.js),
//    with that Node first on PATH, so whatever the entry starts (npx jest, the
//    apps, Nx) runs on it too.
// Plain Node, no dependencies: it runs before anything else is installed.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';
import { supportedNode } from './node-runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/bootstrap/run.mjs <entry.ts> [args…]');
  process.exit(2);
}

let node;
try {
  node = supportedNode();
} catch (error) {
  console.error(`hookline: ${error.message}`);
  process.exit(1);
}
const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}` };
ensureDependencies({ root, env });

const child = spawn(node, ['-r', join(root, 'tools', 'register.js'), join(root, entry), ...args], { cwd: root, env, stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal's process group; a signal sent to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
