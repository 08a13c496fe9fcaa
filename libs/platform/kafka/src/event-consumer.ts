import type { Consumer, EachMessagePayload } from 'kafkajs';
import { deadLetterTopicName, type EventOf, type TopicDefinition } from '@hookline/contracts/events';
import { isRetryable } from '@hookline/platform/errors';
import type { Logger, Metrics } from '@hookline/platform/observability';
import { toDeadLetter } from './dead-letter';
import { decodeEvent } from './event-codec';
import type { EventPublisher } from './event-publisher';
import type { KafkaConnection } from './kafka-connection';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  /** 1 on the first try of this message in this process. */
  attempt: number;
}

export interface EventHandler<T extends TopicDefinition = TopicDefinition> {
  topic: T;
  handle: (event: EventOf<T>, context: MessageContext) => Promise<void>;
}

/** Binds a handler to a topic so the event type is checked at compile time: `on(topics.incident, (event) => ...)`. */
export function on<T extends TopicDefinition>(topic: T, handle: EventHandler<T>['handle']): EventHandler<T> {
  return { topic, handle };
}

export interface EventConsumerOptions {
  /** The consumer group id, used exactly as given (no suffix); its dead letters go to `dlq.<groupId>`. */
  groupId: string;
  handlers: readonly EventHandler<never>[] | readonly EventHandler[];
  logger: Logger;
  metrics?: Metrics;
  retry?: RetryPolicy;
  /** Read a new group's topics from the start (tests, replays) instead of only new events. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
}

/**
 * A consumer group over typed handlers, at least once: the offset of a
 * message is committed only after its handler succeeded or the message was
 * written to the dead-letter topic. Handlers make their effects idempotent
 * (see platform/persistence's inbox), so a redelivery changes nothing.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly handlers = new Map<string, EventHandler>();
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;
  private readonly outcomes;
  private readonly processingSeconds;
  private joined: Promise<void> | undefined;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly deadLetters: Pick<EventPublisher, 'sendRaw'>,
    private readonly options: EventConsumerOptions,
  ) {
    for (const handler of options.handlers as readonly EventHandler[]) {
      if (this.handlers.has(handler.topic.name)) throw new Error(`two handlers for ${handler.topic.name} in group ${options.groupId}`);
      this.handlers.set(handler.topic.name, handler);
    }
    this.retry = options.retry ?? defaultRetryPolicy;
    this.logger = options.logger.child({ component: 'consumer', groupId: options.groupId });
    this.consumer = connection.client.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.outcomes = options.metrics?.counter('consumer_events_total', 'Events handled by outcome', ['group', 'topic', 'outcome']);
    this.processingSeconds = options.metrics?.histogram('consumer_processing_seconds', 'Time to handle one event', ['group', 'topic']);
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get deadLetterTopic(): string {
    return deadLetterTopicName(this.options.groupId);
  }

  /** Subscribes and starts consuming; resolves once this member has joined the group and has its partitions. */
  async start(): Promise<void> {
    this.joined = new Promise((resolve) => {
      const removeListener = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        removeListener();
        resolve();
      });
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.handlers.keys()], fromBeginning: this.options.fromBeginning ?? false });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: (payload) => this.handleMessage(payload),
    });
    await this.joined;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async handleMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const handler = this.handlers.get(topic);
    if (!handler) throw new Error(`no handler for subscribed topic ${topic}`);
    const started = process.hrtime.bigint();
    const decoded = decodeEvent(handler.topic, message.value);
    if (!decoded.ok) {
      await this.deadLetter(topic, partition, message, decoded.error, 0);
      return;
    }
    const headers = stringHeaders(message.headers);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler.handle(decoded.event, { topic, partition, offset: message.offset, headers, attempt });
        this.outcomes?.inc({ group: this.options.groupId, topic, outcome: 'processed' });
        this.processingSeconds?.observe({ group: this.options.groupId, topic }, Number(process.hrtime.bigint() - started) / 1e9);
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (!isRetryable(error) || attempt >= this.retry.attempts) {
          await this.deadLetter(topic, partition, message, reason, attempt);
          return;
        }
        this.outcomes?.inc({ group: this.options.groupId, topic, outcome: 'retried' });
        this.logger.warn({ topic, partition, offset: message.offset, attempt, err: error }, 'event handler failed, retrying');
        await sleep(backoffDelay(this.retry, attempt));
        // Long backoffs must not cost this member its partitions.
        await heartbeat();
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    error: string,
    attempts: number,
  ): Promise<void> {
    const letter = toDeadLetter(message, { topic, partition, groupId: this.options.groupId, error, attempts });
    // If this write fails the error propagates, the offset is not committed and
    // the message comes back: a poison event is never dropped silently.
    await this.deadLetters.sendRaw(this.deadLetterTopic, [letter]);
    this.outcomes?.inc({ group: this.options.groupId, topic, outcome: 'dead_lettered' });
    this.logger.error({ topic, partition, offset: message.offset, attempts, error }, 'event sent to the dead-letter topic');
  }
}

function stringHeaders(headers: EachMessagePayload['message']['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
