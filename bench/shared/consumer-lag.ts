import type { KafkaConnection } from '@hookline/platform/kafka';

/**
 * Records on `topicNames` that consumer group `groupId` has not yet
 * committed: the high watermark minus the committed offset, summed over every
 * partition. A partition the group never committed on counts from its start.
 */
export async function consumerGroupLag(kafka: KafkaConnection, groupId: string, topicNames: readonly string[]): Promise<number> {
  const admin = await kafka.connectedAdmin();
  const [ends, committed] = await Promise.all([
    Promise.all(topicNames.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))),
    admin.fetchOffsets({ groupId, topics: [...topicNames] }),
  ]);
  let lag = 0;
  for (const { topic, partitions } of ends) {
    const committedOfTopic = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    const committedByPartition = new Map(committedOfTopic.map((entry) => [entry.partition, Number(entry.offset)]));
    for (const end of partitions) {
      // -1: nothing committed yet on that partition; everything from its start is unread.
      const position = committedByPartition.get(end.partition) ?? -1;
      lag += Number(end.high) - (position < 0 ? Number(end.low) : position);
    }
  }
  return lag;
}
