import type { Producer } from 'kafkajs';
import { EventPublisher } from './event-publisher';
import type { KafkaConnection } from './kafka-connection';
import { KafkaNamespace } from './kafka-namespace';

/** A producer that answers each `sendBatch` with the next scripted outcome. */
function scriptedProducer(outcomes: (Error | undefined)[]) {
  const producer = {
    sent: 0,
    topics: [] as string[],
    disconnected: false,
    connect: async () => undefined,
    disconnect: async () => void (producer.disconnected = true),
    sendBatch: async ({ topicMessages }: { topicMessages: { topic: string }[] }) => {
      producer.sent += 1;
      producer.topics.push(...topicMessages.map((batch) => batch.topic));
      const outcome = outcomes.shift();
      if (outcome) throw outcome;
      return [];
    },
  };
  return producer;
}

/** kafkajs's shape of a refused produce: a protocol error with a `type`, wrapped by its retrier. */
function protocolError(type: string): Error {
  const refused = Object.assign(new Error(type), { type });
  return Object.assign(new Error(refused.message), { name: 'KafkaJSNonRetriableError', cause: refused });
}

describe('EventPublisher', () => {
  function publisherWith(producers: ReturnType<typeof scriptedProducer>[], namespace = new KafkaNamespace()) {
    const queue = [...producers];
    const connection = { client: { producer: () => queue.shift() as unknown as Producer }, namespace } as unknown as KafkaConnection;
    return new EventPublisher(connection, { ackTimeoutMs: 1_000 });
  }
  const message = { key: 'k', value: '{}' };

  it('starts over with a new producer once the broker refuses its sequence numbers, so later publishes go through', async () => {
    const broken = scriptedProducer([protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER')]);
    const fresh = scriptedProducer([]);
    const publisher = publisherWith([broken, fresh]);

    await expect(publisher.sendRaw('topic', [message])).rejects.toMatchObject({ code: 'dependency_unavailable' });
    await publisher.sendRaw('topic', [message]);

    expect([broken.sent, fresh.sent, broken.disconnected]).toEqual([1, 1, true]);
  });

  it('keeps its producer through an ordinary failure such as a refused connection', async () => {
    const producer = scriptedProducer([new Error('Connection error: connect ECONNREFUSED')]);
    const publisher = publisherWith([producer, scriptedProducer([])]);

    await expect(publisher.sendRaw('topic', [message])).rejects.toMatchObject({ code: 'dependency_unavailable' });
    await publisher.sendRaw('topic', [message]);

    expect(producer.sent).toBe(2);
  });

  it("sends to the topic's name in the connection's namespace, and only there", async () => {
    const producer = scriptedProducer([]);
    const publisher = publisherWith([producer], new KafkaNamespace('team-a'));

    await publisher.sendToTopics([
      { topic: 'ingress.alert.v1', messages: [message] },
      { topic: 'dlq.correlator', messages: [message] },
    ]);

    expect(producer.topics).toEqual(['team-a.ingress.alert.v1', 'team-a.dlq.correlator']);
  });
});
