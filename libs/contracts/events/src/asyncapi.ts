import { z } from 'zod';
import type { JsonSchema } from './json-schema';
import { consumerGroups, deadLetterTopicName, topics } from './registry';
import type { TopicDefinition } from './topic';

/**
 * The AsyncAPI 3.1 document of Hookline's topics, from the same registry and
 * zod schemas the apps use, so a team in another language reads the same
 * contract: a channel per topic (and per dead-letter topic), who sends to it
 * (its owner) and which consumer groups receive from it.
 *
 * Payloads are JSON Schema draft-07, the dialect AsyncAPI's own schema
 * format extends; the input side of each schema, as in the checked-in
 * snapshots (a field with a default may be absent on the wire).
 */
export function asyncApiDocument(): JsonSchema {
  const registered = Object.values(topics) as TopicDefinition[];
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};

  for (const topic of registered) {
    const id = componentId(topic.name);
    messages[id] = {
      name: topic.name,
      title: `${topic.name} event`,
      contentType: 'application/json',
      summary: topic.description,
      payload: payloadSchema(topic),
      headers: {
        type: 'object',
        properties: {
          traceparent: { type: 'string', description: 'W3C trace context of the request or event that caused this one' },
          'event-type': { type: 'string', description: 'the envelope `type`, so a reader can filter without parsing the value' },
        },
      },
      bindings: { kafka: { key: { type: 'string', description: 'the ordering key: events with one key share a partition and keep their order' } } },
    };
    channels[id] = { address: topic.name, description: topic.description, messages: { [id]: { $ref: `#/components/messages/${id}` } } };
    operations[`${ownerOf(topic.name)}-sends-${id}`] = {
      action: 'send',
      summary: `${ownerOf(topic.name)} publishes ${topic.name} (the only producer)`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
  }

  for (const group of Object.values(consumerGroups)) {
    for (const topic of group.consumes) {
      const id = componentId(topic.name);
      operations[`${group.id}-receives-${id}`] = {
        action: 'receive',
        summary: `consumer group ${group.id} reads ${topic.name}`,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
        bindings: { kafka: { groupId: { type: 'string', enum: [group.id] } } },
      };
    }
    const deadLetters = componentId(deadLetterTopicName(group.id));
    channels[deadLetters] = {
      address: deadLetterTopicName(group.id),
      description: `Events consumer group ${group.id} could never process: the original bytes, with the error and the original topic, partition and offset in headers.`,
    };
  }

  return {
    asyncapi: '3.1.0',
    info: {
      title: 'Hookline events',
      version: '1.0.0',
      description:
        'Kafka topics between the Hookline services. Topic names are `<owner>.<aggregate>.v<major>`; additive, optional fields keep the version. ' +
        'Every value is a CloudEvents-style JSON envelope (`id`, `type`, `source`, `time`, `specversion`, `data`); `id` is the idempotency key.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

/** AsyncAPI component keys allow letters, digits, `_` and `-`: `ingress.alert.v1` becomes `ingress-alert-v1`. */
function componentId(topicName: string): string {
  return topicName.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** `<owner>.<aggregate>.v1`: the owner publishes; `statuspage` is the status-page app. */
function ownerOf(topicName: string): string {
  const owner = topicName.split('.')[0] ?? topicName;
  return owner === 'statuspage' ? 'status-page' : owner;
}

function payloadSchema(topic: TopicDefinition): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(topic.schema, { io: 'input', target: 'draft-7' }) as JsonSchema;
  return schema;
}
