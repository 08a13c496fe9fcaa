import type { KafkaConnection } from './kafka-connection';

export interface PartitionLag {
  /** As named in the registry (without this deployment's prefix). */
  topic: string;
  partition: number;
  /** Events written to the partition that the group has not committed yet. */
  lag: number;
}

/**
 * How far a consumer group is behind, per partition: the partition's end
 * minus the group's committed offset. A group that has committed nothing on
 * a partition is behind by all the partition still holds (end minus start),
 * which is what it will read first. Two admin requests per topic; meant for
 * a scrape every few seconds, not for a hot path.
 */
export async function consumerLag(connection: KafkaConnection, groupId: string, topicNames: readonly string[]): Promise<PartitionLag[]> {
  const admin = await connection.connectedAdmin();
  const { namespace } = connection;
  const committed = await admin.fetchOffsets({ groupId: namespace.group(groupId), topics: topicNames.map((name) => namespace.topic(name)) });
  const lags: PartitionLag[] = [];
  for (const name of topicNames) {
    const ends = await admin.fetchTopicOffsets(namespace.topic(name));
    const committedOf = new Map(
      (committed.find((entry) => entry.topic === namespace.topic(name))?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]),
    );
    for (const { partition, high, low } of ends) {
      const offset = committedOf.get(partition) ?? -1;
      const from = offset >= 0 ? offset : Number(low);
      lags.push({ topic: name, partition, lag: Math.max(0, Number(high) - from) });
    }
  }
  return lags;
}
