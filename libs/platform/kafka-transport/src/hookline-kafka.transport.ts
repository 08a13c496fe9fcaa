import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { TopicDefinition } from '@hookline/contracts/events';
import {
  consumerLag,
  EventConsumer,
  type EventConsumerOptions,
  type EventPublisher,
  type KafkaConnection,
  type RetryPolicy,
  on,
  onBatch,
} from '@hookline/platform/kafka';
import { assertUnreachable } from '@hookline/platform/errors';
import type { Logger, Metrics, ReadinessChecks } from '@hookline/platform/observability';
import { KafkaBatchContext, KafkaEventContext } from './event-contexts';

/** `@EventPattern(topic.name, { batch: true })`: the handler gets a chunk of events (each partition's in order) and a KafkaBatchContext. */
export interface KafkaEventPatternExtras {
  batch?: boolean;
}

export interface KafkaTransportOptions {
  /** The app's consumer group, from `consumerGroups` in libs/contracts/events; used exactly as written, dead letters in `dlq.<id>`. */
  group: { id: string; consumes: readonly TopicDefinition[] };
  connection: KafkaConnection;
  /** Where poison events go. */
  deadLetters: Pick<EventPublisher, 'sendRaw'>;
  logger: Logger;
  metrics?: Metrics;
  /** `/readyz` then reports a group that has not joined yet, or that died after joining. */
  readiness?: ReadinessChecks;
  /** A new group reads its topics' history first (the apps do, so a new install catches up). */
  fromBeginning?: boolean;
  maxBatchSize?: number;
  retry?: RetryPolicy;
  /** The wait between attempts to join when Kafka cannot be reached at start-up. */
  rejoinDelayMs?: number;
}

/** Nest's `transportId` for this transport, e.g. for `@EventPattern(…, KAFKA_TRANSPORT)` in an app with several. */
export const KAFKA_TRANSPORT = Symbol('hookline-kafka');

/**
 * A `@nestjs/microservices` transport over the platform's EventConsumer, so a
 * service team writes a controller with `@EventPattern(topics.x.name)`
 * handlers and keeps every guarantee of the consumer runtime: batches across
 * partitions, commit after the handler, bounded retries, poison isolation,
 * dead letters, outage waits, rebalance safety (see EventConsumer).
 *
 * The payload is the event decoded and validated with its topic's schema.
 * The handler's error reaches the runtime unchanged (KeepOriginalErrorFilter,
 * installed by connectKafkaTransport), so `retryable` and dependency outages
 * keep their meaning. Handlers are checked when the transport starts: each
 * topic must be one the group declares in the registry, one handler per
 * topic, events only (Kafka topics here carry no request/reply).
 */
export class HooklineKafkaTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = KAFKA_TRANSPORT;
  private consumer: EventConsumer | undefined;
  private stopping = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: KafkaTransportOptions) {
    super();
    options.readiness?.register({ name: 'consumers', check: async () => this.assertJoined() });
    // Read from the broker when Prometheus scrapes: a group that falls behind shows even while it looks healthy.
    const { group, connection } = options;
    options.metrics?.sampledGauge('consumer_lag', 'Events on a partition the consumer group has not committed yet', ['group', 'topic', 'partition'], async () =>
      (await consumerLag(connection, group.id, group.consumes.map((topic) => topic.name))).map(({ topic, partition, lag }) => ({
        labels: { group: group.id, topic, partition: String(partition) },
        value: lag,
      })),
    );
  }

  listen(callback: (error?: unknown) => void): void {
    let handlers: EventConsumerOptions['handlers'];
    try {
      handlers = this.topicHandlers();
    } catch (error) {
      callback(error);
      return;
    }
    // Joining waits for Kafka; the app starts serving (health, readiness, APIs) meanwhile.
    this.running = this.joinUntilStopped(handlers);
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('HooklineKafkaTransport emits no events; readiness reports its state');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private topicHandlers(): EventConsumerOptions['handlers'] {
    const { group } = this.options;
    return [...this.getHandlers()].map(([pattern, handler]) => {
      if (!handler.isEventHandler) throw new Error(`@MessagePattern('${pattern}'): Kafka topics carry events; use @EventPattern`);
      if (handler.next) throw new Error(`two @EventPattern handlers for ${pattern} in group ${group.id}: one topic, one handler`);
      // The group's declaration is both the check and the schema: a topic it does not list is a mistake in one or the other.
      const topic = group.consumes.find((consumed) => consumed.name === pattern);
      if (!topic) throw new Error(`@EventPattern('${pattern}'): group ${group.id} does not list that topic (consumerGroups in libs/contracts/events)`);
      const extras = (handler.extras ?? {}) as KafkaEventPatternExtras;
      return extras.batch
        ? onBatch(topic, (events, context) => invoke(handler, events, new KafkaBatchContext(context)))
        : on(topic, (event, context) => invoke(handler, event, new KafkaEventContext(context)));
    });
  }

  private async joinUntilStopped(handlers: EventConsumerOptions['handlers']): Promise<void> {
    const { group, connection, deadLetters, logger, metrics, fromBeginning, maxBatchSize, retry } = this.options;
    while (!this.stopping) {
      const consumer = new EventConsumer(connection, deadLetters, { groupId: group.id, handlers, logger, metrics, fromBeginning, maxBatchSize, retry });
      this.consumer = consumer;
      try {
        await consumer.start();
        logger.info({ groupId: group.id }, 'consumer joined its group');
        return;
      } catch (error) {
        await consumer.stop().catch(() => undefined);
        logger.warn({ err: error, groupId: group.id }, 'consumer could not start, retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.rejoinDelayMs ?? 5_000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  private assertJoined(): void {
    const state = this.consumer?.state ?? 'idle';
    const { id } = this.options.group;
    switch (state) {
      case 'joined':
        return;
      case 'idle':
      case 'joining':
        throw new Error(`not yet joined: ${id}`);
      case 'crashed':
      case 'stopped':
        throw new Error(`${id} stopped consuming (${state}); see the log`);
      default:
        assertUnreachable(state);
    }
  }
}

/** Runs Nest's handler (pipes, interceptors, the error filter) and waits for it, whether it returns a value, a promise or an observable. */
async function invoke(handler: MessageHandler, payload: unknown, context: KafkaEventContext | KafkaBatchContext): Promise<void> {
  const result: unknown = await handler(payload, context);
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
