import { eventually, probeEvent } from '@hookline/testing';
import { EventConsumer, on } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { startGroupAtEnd } from './group-offsets';
import { kafkaForSpec, quietLogger } from './kafka-test-kit';

describe('startGroupAtEnd against the real broker', () => {
  it('makes a new group read what is published after the call and nothing before it, on every partition', async () => {
    const { connection, groupId, topic } = await kafkaForSpec('spec-at-end');
    const publisher = new EventPublisher(connection);
    const seen: number[] = [];
    const consumer = new EventConsumer(connection, publisher, {
      groupId,
      logger: quietLogger,
      handlers: [on(topic, async (event) => void seen.push(event.data.sequence))],
    });
    try {
      for (const sequence of [1, 2, 3]) await publisher.publish(topic, probeEvent(topic, sequence));

      await startGroupAtEnd(connection, groupId, [topic.name]);
      // Published before the group joins: "latest" would skip these.
      for (const sequence of [4, 5, 6]) await publisher.publish(topic, probeEvent(topic, sequence));
      await consumer.start();

      await eventually(() => expect(seen.sort()).toEqual([4, 5, 6]));
    } finally {
      await consumer.stop();
      await publisher.disconnect();
      await connection.close();
    }
  });
});
