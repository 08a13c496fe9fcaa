// Installs the npm dependencies when node_modules is missing or was installed
// from a different package-lock.json, so a fresh clone needs no separate
// install command. Plain Node on purpose: it runs before anything else is
// installed.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files the install step may rewrite; a fresh clone's install must leave them as committed. */
const installedFromFiles = ['package-lock.json'];

/** Where the install step records the tracked files it rewrote; `npm test` fails while they differ from the commit. */
export function rewrittenByInstallFile(root) {
  return join(root, 'node_modules', '.hookline-rewritten-by-install.json');
}

export function ensureDependencies({ root, env = process.env }) {
  const stamp = join(root, 'node_modules', '.hookline-installed-lock');
  const lockHash = () => createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash()) return;

  console.log('hookline: installing npm dependencies…');
  const before = Object.fromEntries(installedFromFiles.map((file) => [file, readFileSync(join(root, file), 'utf8')]));
  // `npm install` rather than `npm ci`: with `omit-lockfile-registry-resolved`
  // (set on some machines) npm 11 writes a lock that `npm ci` then rejects for
  // other platforms' optional binaries. The lock still pins every version.
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit', env });
  const rewritten = installedFromFiles.filter((file) => readFileSync(join(root, file), 'utf8') !== before[file]);
  if (rewritten.length > 0) {
    // A committed lock that this machine's npm rewrites dirties every fresh clone (and conflicts on the next pull).
    console.log(`hookline: npm install rewrote ${rewritten.join(', ')}: commit the result so a fresh clone stays clean`);
    writeFileSync(rewrittenByInstallFile(root), JSON.stringify(rewritten));
  } else {
    rmSync(rewrittenByInstallFile(root), { force: true });
  }
  writeFileSync(stamp, lockHash());
}
