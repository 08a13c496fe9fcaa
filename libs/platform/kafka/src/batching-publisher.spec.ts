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

  it('splits a publish larger than maxBatchBytes into requests under the cap, and resolves it after the last', async () => {
    const broker = controllableBroker();
    const publisher = new BatchingPublisher(broker, { lingerMs: 1, maxBatchBytes: 2_000 });
    let done = false;

    const published = publisher.publish(topic, Array.from({ length: 20 }, (_, n) => probeEvent(topic, n, 'x'.repeat(40)))).then(() => (done = true));
    const sizes: number[] = [];
    for (let sent = 0; sent < 20; ) {
      await flushTimers();
      const request = broker.requests[broker.requests.length - 1];
      const messages = request?.batches.flatMap((batch) => batch.messages) ?? [];
      sizes.push(messages.reduce((sum, message) => sum + String(message.value).length + String(message.key).length, 0));
      sent += messages.length;
      expect(done).toBe(false);
      request?.ack();
    }
    await published;

    expect(broker.requests.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2_000);
  });

  it("fails only the publish whose part the broker refused, not one sent in another request", async () => {
    const broker = controllableBroker();
    const publisher = new BatchingPublisher(broker, { lingerMs: 1, maxBatchBytes: 1_000 });

    const big = publisher.publish(topic, Array.from({ length: 10 }, (_, n) => probeEvent(topic, n, 'y'.repeat(40))));
    await flushTimers();
    const small = publisher.publish(topic, [probeEvent(topic, 99)]);
    broker.requests[0]?.fail(new Error('MESSAGE_TOO_LARGE'));
    await expect(big).rejects.toThrow('MESSAGE_TOO_LARGE');
    await flushTimers();
    // The big publish's remaining parts are dropped; the small one goes alone.
    const next = broker.requests[1];
    expect(next?.batches.flatMap((batch) => batch.messages)).toHaveLength(1);
    next?.ack();
    await expect(small).resolves.toBeUndefined();
  });
});
