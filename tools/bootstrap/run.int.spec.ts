import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@hookline/launcher';

const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

/** The machine's own node, behind the one the bootstrap put first on PATH: on this project's machines, Node 20. */
function machineNode(): string {
  const candidates = ['/usr/bin/node', '/usr/local/bin/node'].filter(existsSync);
  return candidates[0] ?? process.execPath;
}

describe('tools/bootstrap/run.mjs', () => {
  it('runs a TypeScript entry on Node 22 or newer, and puts that Node first on PATH for what the entry starts, whatever node launched it', () => {
    const output = execFileSync(machineNode(), ['tools/bootstrap/run.mjs', 'tools/bootstrap/testing/print-runtime.ts', '--flag', 'value'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const report = JSON.parse(output.trim().split('\n').pop() ?? '{}') as { runtime: string; pathNode: string; args: string[] };

    expect(major(report.runtime)).toBeGreaterThanOrEqual(22);
    expect(report.pathNode).toBe(report.runtime);
    expect(report.args).toEqual(['--flag', 'value']);
  });

  it('passes on the exit code of the entry', () => {
    expect(() => execFileSync(machineNode(), ['tools/bootstrap/run.mjs', 'tools/bootstrap/testing/no-such-entry.ts'], { cwd: repoRoot, stdio: 'pipe' })).toThrow(
      expect.objectContaining({ status: 1 }),
    );
  });

  it('is what every npm script runs', () => {
    const { scripts } = require(join(repoRoot, 'package.json')) as { scripts: Record<string, string> };
    expect(Object.entries(scripts).filter(([, command]) => !command.startsWith('node tools/bootstrap/run.mjs '))).toEqual([]);
  });
});
