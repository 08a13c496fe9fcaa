// Installs the browser the status page's browser tests drive (headless
// Chromium through playwright-core): Debian's `chromium` package, so nothing
// is downloaded from outside the distribution's mirrors. Run by
// tools/ensure-deps.mjs before `npm test` and `npm start`; a no-op (one
// stat) when the browser is already there. Plain Node, no dependencies: it
// runs before anything else is installed.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where Debian's package puts the browser, and where the specs launch it from. */
export const chromiumPath = '/usr/bin/chromium';

const installCommand = 'apt-get update && apt-get install -y --no-install-recommends chromium';

/**
 * Installs Debian's chromium when it is missing. Returns true when the
 * browser is there afterwards. Never throws: `npm start` does not need a
 * browser, so a machine that cannot install one (not Debian, not root, no
 * mirror) gets a warning naming the command, and only the browser specs fail.
 */
export function ensureChromium({ log = (message) => console.log(`hookline: ${message}`) } = {}) {
  if (existsSync(chromiumPath)) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get') || !root) {
    log(`no browser at ${chromiumPath}; the browser tests need Debian's chromium: sudo sh -c '${installCommand}'`);
    return false;
  }
  log('installing chromium for the browser tests (Debian package)…');
  try {
    execSync(installCommand, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (error) {
    log(`could not install chromium (${error.message.split('\n')[0]}); the browser tests will fail until \`${installCommand}\` succeeds`);
    return false;
  }
  return existsSync(chromiumPath);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(ensureChromium() ? 0 : 1);
}
