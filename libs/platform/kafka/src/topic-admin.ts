import type { KafkaConnection } from './kafka-connection';

export interface EnsureTopicsOptions {
  partitions: number;
  /** 1 on a single local broker; 3 in production. */
  replicationFactor?: number;
}

/**
 * Creates every missing topic and waits for its leaders. Brokers run with
 * auto-creation off, so a typo in a topic name fails loudly instead of
 * quietly creating an unread topic. `names` are registry names; the topics
 * are created in the connection's namespace, and `created` names them as
 * the broker does.
 */
export async function ensureTopics(
  connection: KafkaConnection,
  names: readonly string[],
  options: EnsureTopicsOptions,
): Promise<{ created: string[] }> {
  // A broker that has just started can refuse metadata for a topic it is still
  // creating (UNKNOWN_TOPIC_OR_PARTITION), which kafkajs does not retry itself.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createMissingTopics(connection, names, options);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function createMissingTopics(
  connection: KafkaConnection,
  names: readonly string[],
  options: EnsureTopicsOptions,
): Promise<{ created: string[] }> {
  const admin = await connection.connectedAdmin();
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(names.map((name) => connection.namespace.topic(name)))].filter((name) => !existing.has(name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: options.partitions,
        replicationFactor: options.replicationFactor ?? 1,
      })),
    });
  }
  return { created: missing };
}
