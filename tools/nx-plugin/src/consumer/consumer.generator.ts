import { join } from 'node:path';
import { type GeneratorCallback, type Tree, generateFiles, names } from '@nx/devkit';
import { z } from 'zod';
import { writeSchemaSnapshots } from './asyncapi-snapshot';
import { type ConsumerOptions, consumerOptionsSchema } from './consumer-options';
import { exampleEvent } from './example-event';
import { consumerGroups, readRegistry, registeredTopics, registryPath, withConsumerGroup } from './registry-source';
import { tsLiteral } from './ts-literal';

const contractsIndexPath = 'libs/contracts/events/src/index.ts';

/**
 * `nx g @hookline/nx-plugin:consumer <name> --topic <topic> [--batch]`: a
 * consumer app of one registry topic, in the repo's layout, that passes its
 * typecheck, lint and integration spec as generated; plus its consumer group
 * (and so its dead-letter topic) in the contracts, and the AsyncAPI document
 * rewritten to include it.
 */
export async function consumerGenerator(tree: Tree, rawOptions: unknown): Promise<GeneratorCallback> {
  const options = parseOptions(rawOptions);
  const registry = readRegistry(tree);
  const topic = registeredTopics(registry).find((candidate) => candidate.key === options.topic);
  if (!topic) {
    const keys = registeredTopics(registry).map((candidate) => candidate.key);
    throw new Error(`--topic ${options.topic}: not a topic of ${registryPath}; one of ${keys.join(', ')}`);
  }
  const app = names(options.name);
  const appRoot = `apps/${options.name}`;
  if (tree.exists(appRoot)) throw new Error(`${appRoot} exists already: choose another name`);
  if (consumerGroups(registry).some((group) => group.id === options.name || group.key === app.propertyName)) {
    throw new Error(`consumer group ${options.name} (${app.propertyName}) is in ${registryPath} already: choose another name`);
  }
  const topicNames = names(topic.key);
  const eventType = `${topicNames.className}Event`;
  if (!new RegExp(`\\b${eventType}\\b`).test(tree.read(contractsIndexPath, 'utf8') ?? '')) {
    throw new Error(`${contractsIndexPath} exports no type ${eventType} for the topic ${topic.key}; the handler is typed with it`);
  }
  const example = exampleEvent(tree, topic.name);

  const substitutions = {
    tmpl: '',
    name: options.name,
    className: app.className,
    propertyName: app.propertyName,
    schema: options.name.replace(/-/g, '_'),
    port: nextFreeDefaultPort(tree),
    migrationTimestamp: Date.now(),
    batch: options.batch,
    topicKey: topic.key,
    topicName: topic.name,
    topicFile: topicNames.fileName,
    topicClass: topicNames.className,
    eventType,
    exampleFixture: example.fixture,
    exampleType: example.type,
    exampleData: tsLiteral(example.data, '      '),
  };
  generateFiles(tree, join(__dirname, 'files'), appRoot, substitutions);
  generateFiles(tree, join(__dirname, options.batch ? 'handler-batch' : 'handler-single'), appRoot, substitutions);
  tree.write(registryPath, withConsumerGroup(registry, { propertyName: app.propertyName, id: options.name, topicKey: topic.key }));

  return () => writeSchemaSnapshots(tree.root);
}

function parseOptions(rawOptions: unknown): ConsumerOptions {
  const parsed = consumerOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new Error(`nx g @hookline/nx-plugin:consumer: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** One above the highest default port of the apps (3000 ingress … 3004 ledger), so a new app starts beside them without PORT. */
function nextFreeDefaultPort(tree: Tree): number {
  const ports = tree
    .children('apps')
    .map((app) => /serviceEnvSchema\(\{ port: (\d+) \}\)/.exec(tree.read(`apps/${app}/src/config.ts`, 'utf8') ?? '')?.[1])
    .filter((port): port is string => port !== undefined)
    .map(Number);
  return Math.max(2999, ...ports) + 1;
}
