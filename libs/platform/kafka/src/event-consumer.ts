import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { deadLetterTopicName, type EventOf, type TopicDefinition } from '@hookline/contracts/events';
import { isDependencyOutage, isRetryable } from '@hookline/platform/errors';
import type { Logger, Metrics } from '@hookline/platform/observability';
import { toDeadLetter } from './dead-letter';
import { decodeEvent } from './event-codec';
import type { EventPublisher } from './event-publisher';
import type { KafkaConnection } from './kafka-connection';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

export interface MessageContext {
  /** The registry's name of the topic, whatever the deployment's namespace (KafkaNamespace). */
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

export interface BatchContext {
  /** The registry's name of the topic, whatever the deployment's namespace. */
  topic: string;
  /** The partitions the events come from (several when one fetch brought several). */
  partitions: readonly number[];
  /** 1 on the first try of this batch */
  attempt: number;
}

export interface BatchEventHandler<T extends TopicDefinition = TopicDefinition> {
  topic: T;
  handleBatch: (events: readonly EventOf<T>[], context: BatchContext) => Promise<void>;
}

/** Binds a handler to a topic so the event type is checked at compile time: `on(topics.incident, (event) => ...)`. */
export function on<T extends TopicDefinition>(topic: T, handle: EventHandler<T>['handle']): EventHandler<T> {
  return { topic, handle };
}

/**
 * Binds a batch handler to a topic: `onBatch(topics.alert, (events) => ...)`
 * gets many events at a time, each partition's in order (see EventConsumer).
 */
export function onBatch<T extends TopicDefinition>(topic: T, handleBatch: BatchEventHandler<T>['handleBatch']): BatchEventHandler<T> {
  return { topic, handleBatch };
}

type TopicHandler<T extends TopicDefinition = TopicDefinition> = EventHandler<T> | BatchEventHandler<T>;

/** idle → joining → joined; `crashed` when kafkajs gave up on it for good, `stopped` after `stop()`. */
export type ConsumerState = 'idle' | 'joining' | 'joined' | 'crashed' | 'stopped';

export interface EventConsumerOptions {
  /**
   * The consumer group id, used exactly as given (no suffix) within the connection's namespace
   * (`<prefix>.<groupId>` on the broker); its dead letters go to `dlq.<groupId>` in the same namespace.
   */
  groupId: string;
  /** One handler per topic, per event (`on`) or per batch (`onBatch`). */
  handlers: readonly TopicHandler<never>[] | readonly TopicHandler[];
  logger: Logger;
  metrics?: Metrics;
  retry?: RetryPolicy;
  /** The most events a batch handler gets in one call; default 500. */
  maxBatchSize?: number;
  /** Read a new group's topics from the start (tests, replays) instead of only new events. */
  fromBeginning?: boolean;
}

const defaultMaxBatchSize = 500;

/**
 * How many partition batches kafkajs hands over at once when a group has a
 * batch handler: more than a topic has partitions, so a fetch's batches all
 * arrive together and are gathered into one call.
 */
const gatherWidth = 64;

interface Decoded {
  message: KafkaMessage;
  event: unknown;
  /** The fetched partition batch it came from. */
  source: EachBatchPayload;
}

/** The partition batches of one topic that arrived together, waiting to be handled as one. */
interface Gathering {
  payloads: EachBatchPayload[];
  handled: Promise<void>;
}

/**
 * How running a handler ended: it succeeded; it failed for good (the last
 * error, and how many tries it took); or the consumer stopped while it was
 * waiting out an outage, so its events are left for the next owner.
 */
type Outcome = { kind: 'done' } | { kind: 'failed'; error: unknown; attempts: number } | { kind: 'stopped' };

type BatchControls = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>;

/**
 * A consumer group over typed handlers, at least once: the offset of a
 * message is committed only after its handler succeeded or the message was
 * written to the dead-letter topic. Handlers make their effects idempotent
 * (see platform/persistence's inbox), so a redelivery changes nothing.
 *
 * A per-event handler (`on`) gets one event at a time. A failure that can
 * succeed later is retried with backoff, `retry.attempts` tries in all; one
 * that cannot (`retryable: false`), or the last try, sends the message to the
 * dead letters and the partition moves on.
 *
 * A dependency that is down (Postgres restarting, a refused connection: see
 * `isDependencyOutage`) is not the event's fault and spends none of its
 * tries: the handler is retried at the longest backoff until the dependency
 * is back or the consumer stops. Otherwise an outage longer than a few
 * seconds would dead-letter every good event that arrived during it.
 *
 * A batch handler (`onBatch`) gets the events of a fetch, each partition's
 * in order, in chunks of at most `maxBatchSize`. kafkajs hands over each
 * partition's batch separately; the ones of a topic that arrive together
 * (one fetch) are gathered into the same chunks, so a fetch over six
 * partitions costs one handler call, one transaction and one offset commit
 * rather than six.
 *
 * - A message that cannot be decoded goes to the dead letters at once and is
 *   left out of its chunk; the events around it are handled as usual.
 * - A chunk that fails retryably is retried whole, with the same backoff and
 *   number of tries as a single event. If it still fails, or fails with an
 *   error no retry can fix, its events are handled one at a time (each a
 *   chunk of one, same retry policy) to find the poison: an event that still
 *   fails goes to the dead letters, the others are processed. So a handler
 *   may see an event again in a chunk of one after its chunk failed: its
 *   effects must be all or nothing per call (one transaction) and idempotent.
 * - After each chunk the offsets it accounts for (its events' and the dead
 *   letters' before them, per partition) are resolved and committed in one
 *   request, and this member heartbeats. When the consumer is stopping or
 *   one of the partitions was taken away it stops between chunks, or between
 *   the events of a chunk being isolated; what is left comes back whole to
 *   whoever consumes those partitions next.
 * - One call must finish within the session timeout (`KAFKA_SESSION_TIMEOUT_MS`,
 *   30 s by default): the member cannot heartbeat while a handler runs.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  /** By the topic's name on the broker, which is what kafkajs hands over. */
  private readonly handlers = new Map<string, TopicHandler>();
  private readonly retry: RetryPolicy;
  private readonly maxBatchSize: number;
  private readonly logger: Logger;
  private readonly outcomes;
  private readonly processingSeconds;
  private readonly gatherings = new Map<string, Gathering>();
  private joined: Promise<void> | undefined;
  private currentState: ConsumerState = 'idle';

  constructor(
    private readonly connection: KafkaConnection,
    private readonly deadLetters: Pick<EventPublisher, 'sendRaw'>,
    private readonly options: EventConsumerOptions,
  ) {
    const { namespace } = connection;
    for (const handler of options.handlers as readonly TopicHandler[]) {
      const topic = namespace.topic(handler.topic.name);
      if (this.handlers.has(topic)) throw new Error(`two handlers for ${handler.topic.name} in group ${options.groupId}`);
      this.handlers.set(topic, handler);
    }
    this.retry = options.retry ?? defaultRetryPolicy;
    this.maxBatchSize = options.maxBatchSize ?? defaultMaxBatchSize;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) throw new Error(`maxBatchSize must be a positive integer, got ${this.maxBatchSize}`);
    this.logger = options.logger.child({ component: 'consumer', groupId: options.groupId });
    this.consumer = connection.client.consumer({
      groupId: namespace.group(options.groupId),
      allowAutoTopicCreation: false,
      ...(connection.fetch === undefined ? {} : { minBytes: connection.fetch.minBytes, maxWaitTimeInMs: connection.fetch.maxWaitMs }),
      ...(connection.sessionTimeoutMs === undefined ? {} : { sessionTimeout: connection.sessionTimeoutMs }),
    });
    this.outcomes = options.metrics?.counter('consumer_events_total', 'Events handled by outcome', ['group', 'topic', 'outcome']);
    this.processingSeconds = options.metrics?.histogram('consumer_processing_seconds', 'Time to handle one event, or one chunk of a batch handler', ['group', 'topic']);
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** The registry's name of this group's dead-letter topic (the publisher puts it in the namespace). */
  get deadLetterTopic(): string {
    return deadLetterTopicName(this.options.groupId);
  }

  /** Where this member is: for readiness, which must also see a member that died after it had joined. */
  get state(): ConsumerState {
    return this.currentState;
  }

  /** Subscribes and starts consuming; resolves once this member has joined the group and has its partitions. */
  async start(): Promise<void> {
    this.currentState = 'joining';
    this.joined = new Promise((resolve) => {
      const removeListener = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        removeListener();
        this.currentState = 'joined';
        resolve();
      });
    });
    // kafkajs restarts itself after a retriable crash (a rebalance or a lost broker); one it will not restart is final.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.currentState = 'crashed';
      this.logger.error({ err: payload.error }, 'consumer crashed and will not restart');
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.handlers.keys()], fromBeginning: this.options.fromBeginning ?? false });
    const hasBatchHandler = [...this.handlers.values()].some((handler) => 'handleBatch' in handler);
    await this.consumer.run({
      // A batch handler takes a fetch's partitions together (see gather), so kafkajs must hand them over at once; per-event
      // handlers in the same group then run a partition each, side by side. Without a batch handler: one partition at a time.
      partitionsConsumedConcurrently: hasBatchHandler ? gatherWidth : 1,
      // Offsets are resolved here, message by message or chunk by chunk, never for a whole batch at once.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    await this.joined;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    this.currentState = 'stopped';
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const handler = this.handlers.get(payload.batch.topic);
    if (!handler) throw new Error(`no handler for subscribed topic ${payload.batch.topic}`);
    if ('handleBatch' in handler) await this.gather(handler, payload);
    else await this.consumeOneByOne(handler, payload);
  }

  /**
   * Collects the partition batches of a topic that kafkajs hands over in the
   * same turn of the event loop (the batches of one fetch: it calls
   * `eachBatch` for all of them at once) and handles them together; each
   * call resolves when the whole gathering is done.
   */
  private gather(handler: BatchEventHandler, payload: EachBatchPayload): Promise<void> {
    const topic = handler.topic.name;
    let gathering = this.gatherings.get(topic);
    if (!gathering) {
      const payloads: EachBatchPayload[] = [];
      const handled = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          this.gatherings.delete(topic);
          this.consumeInChunks(handler, payloads).then(resolve, reject);
        });
      });
      gathering = { payloads, handled };
      this.gatherings.set(topic, gathering);
    }
    gathering.payloads.push(payload);
    return gathering.handled;
  }

  /** As kafkajs's own `eachMessage` loop does it: resolve and heartbeat after every message, commit after the batch. */
  private async consumeOneByOne(handler: EventHandler, payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary } = payload;
    for (const message of batch.messages) {
      if (mustStop(payload)) return;
      if (!(await this.handleMessage(handler, batch.partition, message, payload))) return;
      resolveOffset(message.offset);
      await heartbeat();
      await commitOffsetsIfNecessary();
    }
  }

  private async consumeInChunks(handler: BatchEventHandler, payloads: readonly EachBatchPayload[]): Promise<void> {
    const controls = combinedControls(payloads);
    for await (const { chunk, accounted } of this.decodedChunks(handler.topic, payloads)) {
      const finished = await this.handleChunk(handler, chunk, controls);
      if (!finished) return;
      for (const [source, offset] of accounted) source.resolveOffset(offset);
      // Commit now, not only after the whole fetch: a restart does not redo the chunks already handled.
      // One request for every partition: the offsets pending are the whole group's.
      await controls.commitOffsetsIfNecessary(controls.uncommittedOffsets());
      await controls.heartbeat();
      if (mustStop(controls)) return;
    }
  }

  /**
   * Decodes the gathered batches' messages, partition after partition, each
   * in order, and yields them in chunks of at most `maxBatchSize` events;
   * what cannot be decoded goes to the dead letters on the way. `accounted`
   * is the last offset a chunk accounts for in each partition it reached,
   * dead letters included, so a chunk may be empty.
   */
  private async *decodedChunks(
    topicDefinition: TopicDefinition,
    payloads: readonly EachBatchPayload[],
  ): AsyncGenerator<{ chunk: Decoded[]; accounted: Map<EachBatchPayload, string> }> {
    let chunk: Decoded[] = [];
    let accounted = new Map<EachBatchPayload, string>();
    for (const source of payloads) {
      const { partition, messages } = source.batch;
      const topic = topicDefinition.name;
      for (const message of messages) {
        const decoded = decodeEvent(topicDefinition, message.value);
        if (decoded.ok) chunk.push({ message, event: decoded.event, source });
        else await this.deadLetter(topic, partition, message, decoded.error, 0);
        accounted.set(source, message.offset);
        if (chunk.length === this.maxBatchSize) {
          yield { chunk, accounted };
          chunk = [];
          accounted = new Map();
        }
      }
    }
    if (accounted.size > 0) yield { chunk, accounted };
  }

  /** One event of a per-event handler; false when the consumer stopped before it finished, so it comes back. */
  private async handleMessage(handler: EventHandler, partition: number, message: KafkaMessage, controls: BatchControls): Promise<boolean> {
    const started = process.hrtime.bigint();
    const topic = handler.topic.name;
    const decoded = decodeEvent(handler.topic, message.value);
    if (!decoded.ok) {
      await this.deadLetter(topic, partition, message, decoded.error, 0);
      return true;
    }
    const headers = stringHeaders(message.headers);
    const outcome = await this.withRetries(
      (attempt) => handler.handle(decoded.event, { topic, partition, offset: message.offset, headers, attempt }),
      { topic, partition, offset: message.offset, events: 1 },
      controls,
    );
    if (outcome.kind === 'stopped') return false;
    if (outcome.kind === 'failed') await this.deadLetter(topic, partition, message, errorMessage(outcome.error), outcome.attempts);
    else this.processed(topic, 1, started);
    return true;
  }

  /**
   * One chunk of a batch handler, with its poison isolated if it fails (see
   * the class comment). False when the consumer stopped before it finished,
   * so its offsets are not resolved and it comes back.
   */
  private async handleChunk(handler: BatchEventHandler, chunk: readonly Decoded[], controls: BatchControls): Promise<boolean> {
    const [first] = chunk;
    if (!first) return true;
    const topic = handler.topic.name;
    const started = process.hrtime.bigint();
    const { partitions, offsets } = originOf(chunk);
    const where = { topic, partitions, offsets, events: chunk.length };
    const outcome = await this.withRetries(
      (attempt) => handler.handleBatch(chunk.map((entry) => entry.event), { topic, partitions, attempt }),
      where,
      controls,
    );
    if (outcome.kind === 'stopped') return false;
    if (outcome.kind === 'done') {
      this.processed(topic, chunk.length, started);
      return true;
    }
    if (chunk.length === 1) {
      await this.deadLetter(topic, first.source.batch.partition, first.message, errorMessage(outcome.error), outcome.attempts);
      return true;
    }
    this.logger.warn({ ...where, attempts: outcome.attempts, err: outcome.error }, 'batch failed, handling its events one at a time');
    for (const entry of chunk) {
      if (mustStop(controls) || !(await this.handleChunk(handler, [entry], controls))) return false;
    }
    return true;
  }

  /**
   * Runs `work` until it succeeds, fails with an error no retry can fix, or
   * runs out of tries; a dependency outage costs no try (see the class comment).
   */
  private async withRetries(
    work: (attempt: number) => Promise<void>,
    where: { topic: string; events: number } & Record<string, unknown>,
    controls: BatchControls,
  ): Promise<Outcome> {
    let failures = 0;
    let outageWaits = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await work(attempt);
        if (outageWaits > 0) this.logger.info({ ...where, waits: outageWaits }, 'dependency is back, event handler succeeded');
        return { kind: 'done' };
      } catch (error) {
        let delayMs: number;
        if (isDependencyOutage(error)) {
          outageWaits += 1;
          this.outcomes?.inc({ group: this.options.groupId, topic: where.topic, outcome: 'waited_for_dependency' }, where.events);
          // One line when it starts and then one every ten waits: an outage of minutes must not flood the log.
          if (outageWaits % 10 === 1) this.logger.warn({ ...where, waits: outageWaits, err: error }, 'a dependency is unavailable, waiting for it before handling these events');
          delayMs = backoffDelay(this.retry, outageWaits);
        } else {
          failures += 1;
          if (!isRetryable(error) || failures >= this.retry.attempts) return { kind: 'failed', error, attempts: attempt };
          this.outcomes?.inc({ group: this.options.groupId, topic: where.topic, outcome: 'retried' }, where.events);
          this.logger.warn({ ...where, attempt, err: error }, 'event handler failed, retrying');
          delayMs = backoffDelay(this.retry, failures);
        }
        await sleep(delayMs);
        if (mustStop(controls)) return { kind: 'stopped' };
        // Long backoffs must not cost this member its partitions.
        await controls.heartbeat();
      }
    }
  }

  private processed(topic: string, events: number, started: bigint): void {
    this.outcomes?.inc({ group: this.options.groupId, topic, outcome: 'processed' }, events);
    this.processingSeconds?.observe({ group: this.options.groupId, topic }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: string, attempts: number): Promise<void> {
    const letter = toDeadLetter(message, { topic, partition, groupId: this.options.groupId, error, attempts });
    // If this write fails the error propagates, the offset is not committed and
    // the message comes back: a poison event is never dropped silently.
    await this.deadLetters.sendRaw(this.deadLetterTopic, [letter]);
    this.outcomes?.inc({ group: this.options.groupId, topic, outcome: 'dead_lettered' });
    this.logger.error({ topic, partition, offset: message.offset, attempts, error }, 'event sent to the dead-letter topic');
  }
}

/** The consumer is stopping, or the partition was reassigned (a seek is pending): leave the rest of the batch. */
function mustStop({ isRunning, isStale }: Pick<EachBatchPayload, 'isRunning' | 'isStale'>): boolean {
  return !isRunning() || isStale();
}

/**
 * The controls of gathered batches as one: stale when any of their
 * partitions was taken away. Heartbeats, commits and the offsets pending are
 * the consumer group's, so any batch's will do.
 */
function combinedControls(payloads: readonly EachBatchPayload[]): BatchControls & Pick<EachBatchPayload, 'commitOffsetsIfNecessary' | 'uncommittedOffsets'> {
  const [first] = payloads;
  if (!first) throw new Error('no batches to handle');
  return {
    heartbeat: () => first.heartbeat(),
    isRunning: () => first.isRunning(),
    isStale: () => payloads.some((payload) => payload.isStale()),
    commitOffsetsIfNecessary: (offsets) => first.commitOffsetsIfNecessary(offsets),
    uncommittedOffsets: () => first.uncommittedOffsets(),
  };
}

/** The partitions a chunk's events come from, and their offsets per partition (`0:12-40 3:7-9`) for logs. */
function originOf(chunk: readonly Decoded[]): { partitions: number[]; offsets: string } {
  const ranges = new Map<number, { first: string; last: string }>();
  for (const { source, message } of chunk) {
    const range = ranges.get(source.batch.partition);
    if (range) range.last = message.offset;
    else ranges.set(source.batch.partition, { first: message.offset, last: message.offset });
  }
  return {
    partitions: [...ranges.keys()],
    offsets: [...ranges].map(([partition, { first, last }]) => (first === last ? `${partition}:${first}` : `${partition}:${first}-${last}`)).join(' '),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stringHeaders(headers: KafkaMessage['headers']): Record<string, string> {
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
