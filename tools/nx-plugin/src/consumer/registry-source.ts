import type { Tree } from '@nx/devkit';

// The registry is TypeScript that the generator cannot import (the tree may
// differ from the files on disk), so it is read and edited as text. The
// patterns match the registry's layout; a layout they miss fails loudly here,
// not with a half-written app.

export const registryPath = 'libs/contracts/events/src/registry.ts';

export interface RegisteredTopic {
  /** The key in `topics`, e.g. `incident`. */
  key: string;
  /** The Kafka topic, e.g. `correlator.incident.v1`. */
  name: string;
}

export function readRegistry(tree: Tree): string {
  const source = tree.read(registryPath, 'utf8');
  if (source === null) throw new Error(`${registryPath} not found: run the generator at the root of the Hookline repository`);
  return source;
}

/** The topics of `export const topics = { … }`, each with the name its `defineTopic` gives it. */
export function registeredTopics(source: string): RegisteredTopic[] {
  const list = /export const topics = \{([^}]*)\}/.exec(source)?.[1];
  if (list === undefined) throw new Error(`${registryPath}: no \`export const topics = { … }\` found`);
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((key) => {
      const name = new RegExp(`const ${key} = defineTopic\\(\\{\\s*name: '([^']+)'`).exec(source)?.[1];
      if (name === undefined) throw new Error(`${registryPath}: no \`const ${key} = defineTopic({ name: '…' })\` found`);
      return { key, name };
    });
}

/** The entries of `consumerGroups` (key and group id), so a new app takes neither an existing key nor an existing group. */
export function consumerGroups(source: string): { key: string; id: string }[] {
  return [...consumerGroupsBlock(source).body.matchAll(/^\s+(\w+): \{ id: '([^']+)'/gm)].map(([, key = '', id = '']) => ({ key, id }));
}

/** Adds `<propertyName>: { id, consumes: [topics.<topic>] }` as the last entry of `consumerGroups`. */
export function withConsumerGroup(source: string, entry: { propertyName: string; id: string; topicKey: string }): string {
  const { end } = consumerGroupsBlock(source);
  const line = `  ${entry.propertyName}: { id: '${entry.id}', consumes: [topics.${entry.topicKey}] },\n`;
  return `${source.slice(0, end)}${line}${source.slice(end)}`;
}

function consumerGroupsBlock(source: string): { body: string; end: number } {
  const opening = 'export const consumerGroups = {\n';
  const start = source.indexOf(opening);
  const end = start < 0 ? -1 : source.indexOf('} as const;', start);
  if (start < 0 || end < 0) throw new Error(`${registryPath}: no \`export const consumerGroups = { … } as const;\` found`);
  return { body: source.slice(start + opening.length, end), end };
}
