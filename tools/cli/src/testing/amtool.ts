import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Debian's prometheus-alertmanager package; `npm test` installs it (tools/bootstrap/test-packages.mjs).
const AMTOOL = '/usr/bin/amtool';

/** `amtool check-config` on an alertmanager.yml: Alertmanager's own verdict on a configuration we print. */
export function amtoolCheckConfig(yaml: string): { status: number | null; output: string } {
  if (!existsSync(AMTOOL)) {
    throw new Error(`${AMTOOL} is missing: install Debian's prometheus-alertmanager (apt-get install -y prometheus-alertmanager); npm test does this itself`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'hookline-amtool-'));
  try {
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, yaml);
    const result = spawnSync(AMTOOL, ['check-config', file], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
