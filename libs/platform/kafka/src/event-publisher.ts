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
  private producer: Producer;
  private connected: Promise<void> | undefined;
  private readonly ackTimeoutMs: number;

  constructor(
    private readonly connection: KafkaConnection,
    options: EventPublisherOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.producer = this.createProducer();
  }

  private createProducer(): Producer {
    return this.connection.client.producer({
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

  /**
   * One produce request for messages to several topics (kafkajs `sendBatch`), acknowledged together.
   * Topics are named as in the registry; the connection's namespace gives their names on the broker.
   */
  async sendToTopics(batches: readonly { topic: string; messages: readonly RawMessage[] }[]): Promise<void> {
    const { namespace } = this.connection;
    const topicMessages = batches
      .filter((batch) => batch.messages.length > 0)
      .map((batch) => ({ topic: namespace.topic(batch.topic), messages: [...batch.messages] }));
    if (topicMessages.length === 0) return;
    const producer = this.producer;
    const sent = this.connect()
      .then(() => producer.sendBatch({ topicMessages, acks: -1 }))
      .catch((error: unknown) => {
        if (sequenceBroken(error)) this.replaceProducer(producer);
        throw error;
      });
    try {
      await withTimeout(
        sent,
        this.ackTimeoutMs,
        `kafka did not acknowledge within ${this.ackTimeoutMs} ms`,
      );
    } catch (error) {
      const names = topicMessages.map((batch) => batch.topic).join(', ');
      throw new HooklineError('dependency_unavailable', `could not publish to ${names}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Starts over with a new producer (a new producer id, sequences from 0).
   * kafkajs rolls a partition's sequence number back when a produce request
   * fails, even one the broker had already written when the connection
   * dropped (a broker stopped mid-request); every later request then has a
   * sequence the broker refuses as out of order, forever. Events sent again
   * under a new producer id keep their event ids, which consumers deduplicate.
   */
  private replaceProducer(broken: Producer): void {
    if (this.producer !== broken) return; // a concurrent failure already replaced it
    this.producer = this.createProducer();
    this.connected = undefined;
    void broken.disconnect().catch(() => undefined);
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}

/** The broker no longer accepts this producer's sequence numbers (or no longer knows its id): only a new producer gets past it. */
function sequenceBroken(error: unknown): boolean {
  // kafkajs wraps the broker's error (retrier, then ours): look a few causes deep.
  let cause = error;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth += 1) {
    const type = (cause as { type?: unknown }).type;
    if (type === 'OUT_OF_ORDER_SEQUENCE_NUMBER' || type === 'UNKNOWN_PRODUCER_ID') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
