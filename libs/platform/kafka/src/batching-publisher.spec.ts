import { probeEvent, probeTopic } from '@hookline/testing';
import { BatchingPublisher } from './batching-publisher';
import type { RawMessage } from './event-publisher';

const topic = probeTopic('spec.batching.v1');

/** A publisher whose acknowledgements the test releases by hand. */
function controllableBroker() {
  const requests: { batches: { topic: string; messages: readonly RawMessage[] }[]; ack: () => void; fail: (error: Error) => void }[] = [];
  return {
    requests,
    sendToTopics: (batches: readonly { topic: string; messages: readonly RawMessage[] }[]) =>
      new Promise<void>((resolve, reject) => requests.push({ batches: [...batches], ack: resolve, fail: reject })),
  };
}

const flushTimers = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('BatchingPublisher', () => {
  it('sends concurrent publishes as one produce request', async () => {
    const broker = controllableBroker();
    const publisher = new BatchingPublisher(broker, { lingerMs: 2 });

    const published = [1, 2, 3].map((n) => publisher.publish(topic, [probeEvent(topic, n)]));
    await flushTimers();

    expect(broker.requests).toHaveLength(1);
    expect(broker.requests[0]?.batches[0]?.messages).toHaveLength(3);
    broker.requests[0]?.ack();
    await Promise.all(published);
  });

  it('resolves a caller only after the broker acknowledged its batch', async () => {
    const broker = controllableBroker();
    const publisher = new BatchingPublisher(broker);
    let acknowledged = false;

    const published = publisher.publish(topic, [probeEvent(topic, 1)]).then(() => (acknowledged = true));
    await flushTimers();

    expect(acknowledged).toBe(false);
    broker.requests[0]?.ack();
    await published;
    expect(acknowledged).toBe(true);
  });

  it('rejects every caller of a batch the broker refused', async () => {
    const broker = controllableBroker();
    const publisher = new BatchingPublisher(broker);

    const published = [1, 2].map((n) => publisher.publish(topic, [probeEvent(topic, n)]));
    await flushTimers();
    broker.requests[0]?.fail(new Error('kafka unavailable'));

    await expect(Promise.all(published)).rejects.toThrow('kafka unavailable');
    await expect(published[1]).rejects.toThrow('kafka unavailable');
  });

  it('collects the next batch while one is in flight and sends it when that one settles', async () => {
    const broker = controllableBroker();
    const publisher = new BatchingPublisher(broker);
    const first = publisher.publish(topic, [probeEvent(topic, 1)]);
    await flushTimers();

    const later = [2, 3].map((n) => publisher.publish(topic, [probeEvent(topic, n)]));
    await flushTimers();
    expect(broker.requests).toHaveLength(1);

    broker.requests[0]?.ack();
    await first;
    await flushTimers();
    expect(broker.requests).toHaveLength(2);
    expect(broker.requests[1]?.batches[0]?.messages).toHaveLength(2);
    broker.requests[1]?.ack();
    await Promise.all(later);
  });

  it('refuses an invalid event at once, without touching the batch', () => {
    const broker = controllableBroker();
    const publisher = new BatchingPublisher(broker);
    const invalid = { ...probeEvent(topic, 1), data: { sequence: 1, note: 'x'.repeat(51) } };

    expect(() => publisher.publish(topic, [invalid])).toThrow(/does not match/);
    expect(broker.requests).toHaveLength(0);
  });
});
