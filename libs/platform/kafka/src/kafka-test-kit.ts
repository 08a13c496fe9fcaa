import { deadLetterTopicName } from '@hookline/contracts/events';
import { createLogger } from '@hookline/platform/observability';
import { findSaslSslKafka, probeTopic, saslSslSecurity, testInfrastructure, uniqueName } from '@hookline/testing';
import type { KafkaMessage } from 'kafkajs';
import { type FetchSettings, KafkaConnection } from './kafka-connection';
import { ensureTopics } from './topic-admin';

// Shared by this lib's integration specs (not exported from the lib): a
// throwaway topic and group per spec on the run's real broker, and a raw reader.
// They connect through the local broker's SASL_SSL listener (TLS and
// SCRAM-SHA-512), so the consumer runtime and publisher are proven over an
// authenticated, encrypted connection too; the rest of the suite keeps the
// plaintext one. A run on an external Kafka has no such listener: its brokers.

export const quietLogger = createLogger({ service: 'spec', level: 'silent' });

export async function kafkaForSpec(groupPrefix: string, options: { fetch?: FetchSettings } = {}) {
  const listener = findSaslSslKafka();
  const connection = new KafkaConnection({
    brokers: listener?.brokers ?? testInfrastructure().kafkaBrokers,
    clientId: 'spec',
    logger: quietLogger,
    security: listener && saslSslSecurity(listener),
    ...options,
  });
  const groupId = uniqueName(groupPrefix);
  const topic = probeTopic(`${uniqueName('spec.probe')}.v1`);
  await ensureTopics(connection, [topic.name, deadLetterTopicName(groupId)], { partitions: 3 });
  return { connection, groupId, topic, deadLetterTopic: deadLetterTopicName(groupId) };
}

/** Reads every message of a topic (its registry name, in the connection's namespace) from the beginning with a fresh group, for assertions. */
export async function readAll(connection: KafkaConnection, topicName: string, expected: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const consumer = connection.client.consumer({ groupId: connection.namespace.group(uniqueName('reader')) });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: connection.namespace.topic(topicName), fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${messages.length} of ${expected} messages from ${topicName}`)), timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message);
        if (messages.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return messages;
}
