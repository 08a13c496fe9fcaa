import { topicJsonSchema } from './json-schema';
import { topics } from './registry';
import { findIncompatibilities, formatIncompatibilities } from './schema-compatibility';
import { orphanedSnapshots, readSnapshot, renderSnapshot } from './schema-snapshots';

const snapshotCommand = 'node -r ./tools/register.js libs/contracts/events/src/scripts/write-schema-snapshots.ts';

describe.each(Object.values(topics).map((topic) => [topic.name, topic] as const))('the %s schema snapshot', (name, topic) => {
  const snapshot = readSnapshot(name);

  it('is checked in', () => {
    if (snapshot === undefined) throw new Error(`no snapshot for ${name}: run \`${snapshotCommand}\` and commit the file`);
  });

  it('is compatible with the current schema', () => {
    const problems = snapshot === undefined ? [] : findIncompatibilities(snapshot, topicJsonSchema(topic));
    if (problems.length > 0) {
      throw new Error(
        `${name} changed incompatibly with its checked-in snapshot:\n${formatIncompatibilities(problems)}\n` +
          'breaking change: publish a new topic version (.v2) instead of changing this one',
      );
    }
  });

  it('equals the current schema, so every change shows in review', () => {
    if (snapshot !== undefined && renderSnapshot(snapshot) !== renderSnapshot(topicJsonSchema(topic))) {
      throw new Error(`${name} differs from its snapshot: run \`${snapshotCommand}\` and commit the updated file`);
    }
  });
});

describe('the schema snapshots', () => {
  it('all belong to a registered topic', () => {
    expect(orphanedSnapshots()).toEqual([]);
  });
});
