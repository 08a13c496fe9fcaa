import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicJsonSchema, type JsonSchema } from './json-schema';
import { topics } from './registry';
import { findIncompatibilities, type SchemaIncompatibility } from './schema-compatibility';
import type { TopicDefinition } from './topic';

// Tooling for the checked-in snapshots; not exported from the index, so no app bundles `fs` code for it.

export const snapshotDirectory = join(__dirname, '..', 'schemas');

/** The AsyncAPI document (asyncapi.ts), checked in beside the schemas it is made from. */
export const asyncApiPath = join(__dirname, '..', 'asyncapi.json');

export function snapshotPath(topicName: string): string {
  return join(snapshotDirectory, `${topicName}.schema.json`);
}

/** The text a snapshot file holds: stable, pretty and ending in a newline, so diffs read well. */
export function renderSnapshot(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function readSnapshot(topicName: string): JsonSchema | undefined {
  const path = snapshotPath(topicName);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as JsonSchema) : undefined;
}

export type SnapshotStatus =
  | { topic: string; status: 'new' | 'unchanged' | 'compatible'; schema: JsonSchema }
  | { topic: string; status: 'breaking'; schema: JsonSchema; incompatibilities: SchemaIncompatibility[] };

/** Compares each registered topic's current schema with its snapshot. */
export function snapshotStatuses(topicList: readonly TopicDefinition[] = Object.values(topics)): SnapshotStatus[] {
  return topicList.map((topic) => {
    const schema = topicJsonSchema(topic);
    const snapshot = readSnapshot(topic.name);
    if (snapshot === undefined) return { topic: topic.name, status: 'new', schema };
    if (renderSnapshot(snapshot) === renderSnapshot(schema)) return { topic: topic.name, status: 'unchanged', schema };
    const incompatibilities = findIncompatibilities(snapshot, schema);
    return incompatibilities.length === 0
      ? { topic: topic.name, status: 'compatible', schema }
      : { topic: topic.name, status: 'breaking', schema, incompatibilities };
  });
}

/** Snapshots whose topic is no longer registered: deleting a topic strands its consumers, so it must be deliberate. */
export function orphanedSnapshots(topicList: readonly TopicDefinition[] = Object.values(topics)): string[] {
  if (!existsSync(snapshotDirectory)) return [];
  const expected = new Set(topicList.map((topic) => `${topic.name}.schema.json`));
  return readdirSync(snapshotDirectory).filter((file) => file.endsWith('.schema.json') && !expected.has(file));
}
