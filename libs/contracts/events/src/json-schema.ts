import { z } from 'zod';
import type { TopicDefinition } from './topic';

/** A JSON Schema document, as plain JSON. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * The JSON Schema of what a topic's messages may contain, for consumers in
 * other languages and for the checked-in snapshots.
 *
 * The input side of the zod schema, because that is the contract a reader
 * must accept: a field with a default (`test`) may be absent on the wire, and
 * unknown properties are allowed (zod strips them) so additive fields do not
 * break older readers.
 */
export function topicJsonSchema(topic: TopicDefinition): JsonSchema {
  const generated = z.toJSONSchema(topic.schema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  const { $schema, ...body } = generated;
  return { $schema, title: topic.name, description: topic.description, ...body };
}
