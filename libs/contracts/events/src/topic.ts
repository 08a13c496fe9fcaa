import type { z } from 'zod';

/**
 * A Kafka topic bound to the schema of what travels on it and to the key
 * that orders it. Producers and consumers take a `TopicDefinition`, never a
 * name, so the payload type follows the topic at compile time.
 */
export interface TopicDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly schema: Schema;
  /**
   * The Kafka message key: events with the same key share a partition and
   * keep their order. Method syntax on purpose: it makes the parameter
   * bivariant, so a concrete topic is assignable to `TopicDefinition` (whose
   * event type is `unknown`) and generic code can take `T extends TopicDefinition`.
   */
  key(event: z.infer<Schema>): string;
  readonly description: string;
}

/** The event type a topic carries (after parsing: defaults filled in). */
export type EventOf<T extends TopicDefinition> = z.infer<T['schema']>;

/**
 * `<owner>.<aggregate>.v<major>`: the owner is the only producer, the major
 * version changes when a consumer of the old one could no longer read it.
 * Segments allow what Kafka allows apart from dots, so test topics can carry
 * a unique suffix (`spec.outbox_3fa9c1.v1`).
 */
export const topicNamePattern = /^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*\.v[1-9][0-9]*$/;

/** Kafka refuses longer names. */
const maxTopicNameLength = 249;

export interface TopicOptions<Name extends string, Schema extends z.ZodType> {
  name: Name;
  schema: Schema;
  key: (event: z.infer<Schema>) => string;
  description: string;
}

/** Defines a topic; throws at load time if its name breaks the naming rule, so a typo never reaches a broker. */
export function defineTopic<const Name extends string, Schema extends z.ZodType>(
  options: TopicOptions<Name, Schema>,
): TopicDefinition<Name, Schema> {
  if (!topicNamePattern.test(options.name) || options.name.length > maxTopicNameLength) {
    throw new Error(
      `topic name "${options.name}" must be <owner>.<aggregate>.v<major> (lower case, e.g. "ingress.alert.v1"), at most ${maxTopicNameLength} characters`,
    );
  }
  const { name, schema, key, description } = options;
  return Object.freeze({ name, schema, key: (event: z.infer<Schema>) => key(event), description });
}
