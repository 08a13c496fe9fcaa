// Writes libs/contracts/events/schemas/<topic>.schema.json from the current zod schemas,
// and the AsyncAPI document made from them, libs/contracts/events/asyncapi.json.
//
//   node -r ./tools/register.js libs/contracts/events/src/scripts/write-schema-snapshots.ts [--allow-breaking]
//
// Refuses to write anything if one topic changed incompatibly: existing events
// or consumers of that topic would break, which calls for a new topic version
// (.v2), not an edited v1. --allow-breaking is for a topic nobody uses yet.
import { writeFileSync, mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { formatIncompatibilities } from '../schema-compatibility';
import { asyncApiDocument } from '../asyncapi';
import { asyncApiPath, orphanedSnapshots, renderSnapshot, snapshotDirectory, snapshotPath, snapshotStatuses } from '../schema-snapshots';

function main(argv: readonly string[]): number {
  const unknown = argv.filter((arg) => arg !== '--allow-breaking');
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(' ')}\nusage: write-schema-snapshots.ts [--allow-breaking]`);
    return 2;
  }
  const allowBreaking = argv.includes('--allow-breaking');
  const statuses = snapshotStatuses();
  const breaking = statuses.filter((entry) => entry.status === 'breaking');

  if (breaking.length > 0 && !allowBreaking) {
    for (const entry of breaking) {
      console.error(`${entry.topic}: incompatible with its snapshot:\n${formatIncompatibilities(entry.incompatibilities)}\n`);
    }
    console.error(
      'No snapshot written. Breaking change: publish a new topic version (.v2) instead. ' +
        'If no event of this topic was ever published, rerun with --allow-breaking.',
    );
    return 1;
  }

  mkdirSync(snapshotDirectory, { recursive: true });
  for (const entry of statuses) {
    const path = relative(process.cwd(), snapshotPath(entry.topic));
    if (entry.status === 'unchanged') {
      console.log(`${entry.topic}: unchanged`);
      continue;
    }
    writeFileSync(snapshotPath(entry.topic), renderSnapshot(entry.schema));
    if (entry.status === 'breaking') {
      console.warn(`${entry.topic}: BREAKING change written (--allow-breaking) to ${path}:\n${formatIncompatibilities(entry.incompatibilities)}`);
    } else {
      console.log(`${entry.topic}: ${entry.status === 'new' ? 'created' : 'updated (compatible)'} ${path}`);
    }
  }
  writeFileSync(asyncApiPath, renderSnapshot(asyncApiDocument()));
  console.log(`AsyncAPI document: ${relative(process.cwd(), asyncApiPath)}`);
  for (const file of orphanedSnapshots()) {
    console.warn(`${file}: no registered topic has this snapshot; delete it only if the topic is retired and nobody consumes it`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
