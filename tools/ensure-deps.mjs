// First step of `npm start` and `npm test`: installs the npm dependencies when
// node_modules is missing or was installed from a different package-lock.json,
// so a fresh clone needs no separate install command. Plain Node on purpose:
// it runs before anything else is installed.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './browser/ensure-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.hookline-installed-lock');
const lockHash = () => createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash()) {
  console.log('hookline: installing npm dependencies…');
  // `npm install` rather than `npm ci`: with `omit-lockfile-registry-resolved`
  // (set on some machines) npm 11 writes a lock that `npm ci` then rejects for
  // other platforms' optional binaries. The lock still pins every version.
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, lockHash());
}

// The status page's browser specs drive Debian's chromium (tools/browser);
// a clean machine gets it here, a machine that has it pays one stat.
ensureChromium();
