// Installs the programs that only the tests drive, from Debian's packages, so
// nothing is downloaded from outside the distribution's mirrors (playwright's
// own browser builds are never fetched): `npm test` runs it before Jest;
// `npm start` needs none of them. A no-op (one stat per program) when they
// are there. Plain Node, no dependencies.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What the tests run, where the specs expect it, and which Debian package brings it. */
export const testPrograms = [
  { program: '/usr/bin/chromium', debianPackage: 'chromium', usedBy: 'the status page browser specs (playwright-core)' },
  { program: '/usr/bin/amtool', debianPackage: 'prometheus-alertmanager', usedBy: "the CLI's Alertmanager configuration check" },
  { program: '/usr/bin/promtool', debianPackage: 'prometheus', usedBy: 'the alerting-rule tests and the metrics exposition check (deploy/prometheus)' },
];

/**
 * Installs the missing ones in one apt-get run. Returns the programs still
 * missing afterwards. Never throws: on a machine that cannot install them
 * (not Debian, not root, no mirror) it prints the command to run, and only
 * the specs that need them fail, each naming the program.
 */
export function ensureTestPrograms({ log = (message) => console.log(`hookline: ${message}`) } = {}) {
  const missing = testPrograms.filter(({ program }) => !existsSync(program));
  if (missing.length === 0) return [];
  const installCommand = `apt-get update && apt-get install -y --no-install-recommends ${missing.map((p) => p.debianPackage).join(' ')}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get') || !root) {
    for (const { program, usedBy } of missing) log(`no ${program}; ${usedBy} need it`);
    log(`install with: sudo sh -c '${installCommand}'`);
    return missing;
  }
  log(`installing ${missing.map((p) => p.debianPackage).join(', ')} for the tests (Debian packages)…`);
  try {
    execSync(installCommand, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (error) {
    log(`could not install them (${error.message.split('\n')[0]}); the specs that need them fail until \`${installCommand}\` succeeds`);
  }
  return testPrograms.filter(({ program }) => !existsSync(program));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(ensureTestPrograms().length === 0 ? 0 : 1);
}
