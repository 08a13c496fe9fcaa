import type { KafkaConnection } from './kafka-connection';

/**
 * Positions a consumer group that has not started yet at the current end of
 * each topic, so it reads exactly what is published after this call.
 *
 * A new group's "latest" is no substitute: kafkajs resolves it at the group's
 * first fetch, after the join, and skips whatever was published in between.
 * "From the beginning" has no gap but reads the topic's whole history first,
 * which on a busy topic takes longer than a reader can wait.
 * The group and topics are named as in the registry (see KafkaNamespace).
 */
export async function startGroupAtEnd(connection: KafkaConnection, groupId: string, topicNames: readonly string[]): Promise<void> {
  const admin = await connection.connectedAdmin();
  const { namespace } = connection;
  for (const topic of topicNames.map((name) => namespace.topic(name))) {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId: namespace.group(groupId), topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
  }
}
