import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const snapshotScript = 'libs/contracts/events/src/scripts/write-schema-snapshots.ts';

/**
 * Rewrites libs/contracts/events/asyncapi.json from the registry on disk, as
 * the contracts' README says to. Run as a task after the tree is written:
 * the document is built by importing the registry, which only then includes
 * the new consumer group. A spec fails while the file is stale.
 */
export function writeSchemaSnapshots(workspaceRoot: string): void {
  try {
    // This workspace's tsconfig, not one inherited from a caller in another checkout: the registry read must be this one.
    const env = { ...process.env, SWC_NODE_PROJECT: join(workspaceRoot, 'tsconfig.json') };
    execFileSync(process.execPath, ['-r', './tools/register.js', snapshotScript], { cwd: workspaceRoot, env, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${snapshotScript} failed, so libs/contracts/events/asyncapi.json is stale; fix and rerun it:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  console.log('UPDATE libs/contracts/events/asyncapi.json');
}
