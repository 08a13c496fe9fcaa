import { Partitioners, type Message, type Producer } from 'kafkajs';
import type { EventOf, TopicDefinition } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { withTimeout } from '@hookline/platform/observability';
import { encodeEvent } from './event-codec';
import type { KafkaConnection } from './kafka-connection';

export interface PublishOptions {
  /** Extra Kafka headers, e.g. the `traceparent` of the request that caused the event. */
  headers?: Record<string, string>;
}

/** A Kafka message as it goes on the wire. */
export type RawMessage = Pick<Message, 'key' | 'value' | 'headers'>;

export interface EventPublisherOptions {
  /**
   * How long a publish may wait for the broker's acknowledgement before the
   * caller is told Kafka is unavailable (the ingress answers 503 then, so the
   * sender retries instead of waiting on an open connection).
   */
  ackTimeoutMs?: number;
}

/**
 * Publishes validated events: acks from all in-sync replicas, idempotent
 * producer (a retried send is not written twice), key from the topic's key
 * function so every event of one incident lands on one partition, in order.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;
  private readonly ackTimeoutMs: number;

  constructor(connection: KafkaConnection, options: EventPublisherOptions = {}) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.producer = connection.client.producer({
      idempotent: true,
      // kafkajs tracks idempotent sequence numbers per partition; one request in
      // flight per connection keeps them in order across its retries.
      maxInFlightRequests: 1,
      // Bounded, so an outage surfaces as an error the caller can act on; the
      // idempotent producer still de-duplicates the retries it does make.
      retry: { retries: 6, initialRetryTime: 100, maxRetryTime: 2_000 },
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  async publish<T extends TopicDefinition>(topic: T, event: EventOf<T>, options: PublishOptions = {}): Promise<void> {
    await this.publishMany(topic, [event], options);
  }

  /** One produce request for many events of one topic; all or nothing from the caller's point of view. */
  async publishMany<T extends TopicDefinition>(
    topic: T,
    events: readonly EventOf<T>[],
    options: PublishOptions = {},
  ): Promise<void> {
    const encoded = events.map((event) => encodeEvent(topic, event));
    await this.sendRaw(
      topic.name,
      encoded.map((message) => ({ ...message, headers: { ...message.headers, ...options.headers } })),
    );
  }

  /**
   * Sends messages as they are, without validation: events that were encoded
   * (and validated) earlier, like outbox rows, and dead letters, which are
   * kept byte for byte. Rejects with a retryable `dependency_unavailable`
   * when the broker does not acknowledge in time.
   */
  async sendRaw(topicName: string, messages: readonly RawMessage[]): Promise<void> {
    await this.sendToTopics([{ topic: topicName, messages }]);
  }

  /** One produce request for messages to several topics (kafkajs `sendBatch`), acknowledged together. */
  async sendToTopics(batches: readonly { topic: string; messages: readonly RawMessage[] }[]): Promise<void> {
    const topicMessages = batches.filter((batch) => batch.messages.length > 0).map((batch) => ({ topic: batch.topic, messages: [...batch.messages] }));
    if (topicMessages.length === 0) return;
    try {
      await withTimeout(
        this.connect().then(() => this.producer.sendBatch({ topicMessages, acks: -1 })),
        this.ackTimeoutMs,
        `kafka did not acknowledge within ${this.ackTimeoutMs} ms`,
      );
    } catch (error) {
      const names = topicMessages.map((batch) => batch.topic).join(', ');
      throw new HooklineError('dependency_unavailable', `could not publish to ${names}: ${(error as Error).message}`, { cause: error });
    }
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
