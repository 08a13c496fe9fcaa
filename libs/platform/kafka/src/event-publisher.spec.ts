import type { Producer } from 'kafkajs';
import { EventPublisher } from './event-publisher';
import type { KafkaConnection } from './kafka-connection';

/** A producer that answers each `sendBatch` with the next scripted outcome. */
function scriptedProducer(outcomes: (Error | undefined)[]) {
  const producer = {
    sent: 0,
    disconnected: false,
    connect: async () => undefined,
    disconnect: async () => void (producer.disconnected = true),
    sendBatch: async () => {
      producer.sent += 1;
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
  function publisherWith(producers: ReturnType<typeof scriptedProducer>[]) {
    const queue = [...producers];
    const connection = { client: { producer: () => queue.shift() as unknown as Producer } } as unknown as KafkaConnection;
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
});
