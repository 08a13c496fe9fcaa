import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicJsonSchema } from './json-schema';
import { topics } from './registry';

// Checked-in events as producers wrote them: if one stops parsing, a change broke events already on the topic.
const fixtureDirectory = join(__dirname, '..', 'fixtures');

function fixtureFiles(topicName: string): string[] {
  return readdirSync(join(fixtureDirectory, topicName))
    .filter((file) => file.endsWith('.json'))
    .sort();
}

function eventTypesOf(schema: Record<string, unknown>): string[] {
  const members = (schema['oneOf'] ?? schema['anyOf'] ?? [schema]) as Array<{ properties?: { type?: { const?: string } } }>;
  return members.map((member) => member.properties?.type?.const).filter((type): type is string => type !== undefined);
}

describe.each(Object.values(topics).map((topic) => [topic.name, topic] as const))('the %s fixtures', (name, topic) => {
  const files = fixtureFiles(name);

  it('cover every event type of the topic', () => {
    const covered = new Set(files.map((file) => file.split('.').slice(0, 2).join('.')));
    expect(eventTypesOf(topicJsonSchema(topic)).filter((type) => !covered.has(type))).toEqual([]);
  });

  it.each(files)('%s parses with the current schema', (file) => {
    const raw: unknown = JSON.parse(readFileSync(join(fixtureDirectory, name, file), 'utf8'));
    const result = topic.schema.safeParse(raw);
    if (!result.success) throw new Error(`${name}/${file} no longer parses:\n${result.error.message}`);
    expect((result.data as { type: string }).type).toBe(file.split('.').slice(0, 2).join('.'));
  });

  it.each(files)('%s round-trips through JSON unchanged', (file) => {
    const event = topic.schema.parse(JSON.parse(readFileSync(join(fixtureDirectory, name, file), 'utf8')));
    const roundTripped: unknown = JSON.parse(JSON.stringify(event));
    expect(roundTripped).toStrictEqual(event);
    expect(topic.schema.parse(roundTripped)).toStrictEqual(event);
  });
});
