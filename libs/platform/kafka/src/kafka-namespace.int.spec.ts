import { eventually, probeEvent, probeTopic, testInfrastructure, uniqueName } from '@hookline/testing';
import { deadLetterTopicName } from '@hookline/contracts/events';
import { EventConsumer, on } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { quietLogger } from './kafka-test-kit';
import { ensureTopics } from './topic-admin';

// Two deployments on one broker with the same registry names (one topic, one
// group id) and different KAFKA_TOPIC_PREFIXes: what two parallel test
// pipelines, or two teams on a managed cluster, are.
describe('KAFKA_TOPIC_PREFIX on the real broker', () => {
  const topic = probeTopic(`${uniqueName('spec.namespace')}.v1`);
  const groupId = uniqueName('spec-namespace');
  const deployments = ['a', 'b'].map((name) => {
    const connection = new KafkaConnection({ brokers: testInfrastructure().kafkaBrokers, clientId: 'spec', logger: quietLogger, topicPrefix: uniqueName(`spec-${name}`) });
    const publisher = new EventPublisher(connection);
    const seen: number[] = [];
    const consumer = new EventConsumer(connection, publisher, {
      groupId,
      logger: quietLogger,
      // Throwaway topics: their whole history is this spec's.
      fromBeginning: true,
      handlers: [on(topic, async (event) => void seen.push(event.data.sequence))],
    });
    return { connection, publisher, consumer, seen };
  });

  afterAll(async () => {
    for (const { connection, publisher, consumer } of deployments) {
      await consumer.stop();
      await publisher.disconnect();
      await connection.close();
    }
  });

  it("keeps each deployment's events and consumer group apart", async () => {
    const [a, b] = deployments as [(typeof deployments)[number], (typeof deployments)[number]];
    for (const { connection, consumer } of deployments) {
      await ensureTopics(connection, [topic.name, deadLetterTopicName(groupId)], { partitions: 3 });
      await consumer.start();
    }

    await a.publisher.publishMany(topic, [1, 2, 3, 4, 5, 6].map((sequence) => probeEvent(topic, sequence)));
    await b.publisher.publishMany(topic, [101, 102, 103].map((sequence) => probeEvent(topic, sequence)));

    await eventually(() => expect([a.seen.sort(), b.seen.sort()]).toEqual([[1, 2, 3, 4, 5, 6], [101, 102, 103]]));
    // One group per deployment, each with its one member and all three partitions; a shared group would have split them.
    const admin = await a.connection.connectedAdmin();
    const { groups } = await admin.describeGroups([a.connection.namespace.group(groupId), b.connection.namespace.group(groupId)]);
    expect(groups.map((group) => ({ state: group.state, members: group.members.length }))).toEqual([
      { state: 'Stable', members: 1 },
      { state: 'Stable', members: 1 },
    ]);
    const topicsOnBroker = await admin.listTopics();
    expect(topicsOnBroker).toEqual(expect.arrayContaining([a.connection.namespace.topic(topic.name), b.connection.namespace.topic(topic.name)]));
    expect(topicsOnBroker).not.toContain(topic.name);
  });
});
