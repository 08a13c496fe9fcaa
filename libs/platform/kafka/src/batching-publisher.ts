import type { EventOf, TopicDefinition } from '@hookline/contracts/events';
import { encodeEvent } from './event-codec';
import type { EventPublisher, RawMessage } from './event-publisher';

export interface BatchingPublisherOptions {
  /** How long the first event of a batch may wait for company. */
  lingerMs?: number;
  /** A batch this large is sent at once. */
  maxBatchMessages?: number;
  /**
   * The most bytes (keys, values, headers) one produce request carries. Below
   * the broker's `message.max.bytes` (1 MiB by default, the limit of one
   * partition's record batch), so no request is refused for its size.
   */
  maxBatchBytes?: number;
}

/** One caller's publish: settled once every part of it is acknowledged, or the first part fails. */
interface Publication {
  partsLeft: number;
  settled: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Up to `maxBatchBytes` of one publication's messages: what a batch is made of. */
interface Part {
  publication: Publication;
  topic: string;
  messages: RawMessage[];
  bytes: number;
}

/** 512 KiB: half the broker's default message.max.bytes, leaving room for the record batch's own overhead. */
const defaultMaxBatchBytes = 512 * 1024;

/**
 * Turns many concurrent publishes (one per webhook request) into few produce
 * requests. kafkajs sends one request per `send()`, and the idempotent
 * producer keeps one in flight per broker, so publishing request by request
 * would cap throughput at one broker round trip per webhook. Here a batch
 * leaves after `lingerMs`, `maxBatchMessages` or `maxBatchBytes`, and while
 * one batch is in flight the next one fills up. Every caller's promise
 * settles with its batch's acknowledgement: resolved only once Kafka has the
 * events.
 *
 * A publish larger than `maxBatchBytes` (an Alertmanager group of a thousand
 * alerts) is split into parts sent one batch after another; it resolves when
 * the last part is acknowledged. So no batch outgrows what the broker takes,
 * and one big delivery never fails the small ones that share its batch.
 */
export class BatchingPublisher {
  private queue: Part[] = [];
  private queuedMessages = 0;
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly lingerMs: number;
  private readonly maxBatchMessages: number;
  private readonly maxBatchBytes: number;

  constructor(
    private readonly publisher: Pick<EventPublisher, 'sendToTopics'>,
    options: BatchingPublisherOptions = {},
  ) {
    this.lingerMs = options.lingerMs ?? 2;
    this.maxBatchMessages = options.maxBatchMessages ?? 1_000;
    this.maxBatchBytes = options.maxBatchBytes ?? defaultMaxBatchBytes;
  }

  /** Validates now (an invalid event throws here, not in someone else's batch), resolves when acknowledged. */
  publish<T extends TopicDefinition>(topic: T, events: readonly EventOf<T>[], headers: Record<string, string> = {}): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const messages = events.map((event) => {
      const encoded = encodeEvent(topic, event);
      return { ...encoded, headers: { ...encoded.headers, ...headers } };
    });
    return new Promise<void>((resolve, reject) => {
      const publication: Publication = { partsLeft: 0, settled: false, resolve, reject };
      const parts = this.split(publication, topic.name, messages);
      publication.partsLeft = parts.length;
      for (const part of parts) {
        this.queue.push(part);
        this.queuedMessages += part.messages.length;
        this.queuedBytes += part.bytes;
      }
      if (this.queuedMessages >= this.maxBatchMessages || this.queuedBytes >= this.maxBatchBytes) this.flushSoon(0);
      else this.flushSoon(this.lingerMs);
    });
  }

  /** Sends whatever waits and resolves when it is acknowledged (shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight || this.queue.length > 0) {
      if (this.inFlight) await this.inFlight.catch(() => undefined);
      else this.startBatch();
    }
  }

  private split(publication: Publication, topic: string, messages: RawMessage[]): Part[] {
    const parts: Part[] = [];
    let current: Part | undefined;
    for (const message of messages) {
      const bytes = sizeOf(message);
      if (!current || (current.bytes + bytes > this.maxBatchBytes && current.messages.length > 0)) {
        current = { publication, topic, messages: [], bytes: 0 };
        parts.push(current);
      }
      current.messages.push(message);
      current.bytes += bytes;
    }
    return parts;
  }

  private flushSoon(delayMs: number): void {
    if (this.inFlight) return; // the batch in flight starts the next one when it settles
    if (delayMs === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.startBatch();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.startBatch();
    }, delayMs);
  }

  /** The parts that fit in one produce request, in order; always at least one. */
  private takeBatch(): Part[] {
    const batch: Part[] = [];
    let messages = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Part;
      const fits = messages + next.messages.length <= this.maxBatchMessages && bytes + next.bytes <= this.maxBatchBytes;
      if (batch.length > 0 && !fits) break;
      this.queue.shift();
      batch.push(next);
      messages += next.messages.length;
      bytes += next.bytes;
    }
    this.queuedMessages -= messages;
    this.queuedBytes -= bytes;
    return batch;
  }

  private startBatch(): void {
    if (this.inFlight || this.queue.length === 0) return;
    // A publication one of whose parts failed has been answered; its remaining parts are not sent.
    this.queue = this.queue.filter((part) => !part.publication.settled);
    const batch = this.takeBatch();
    if (batch.length === 0) return;
    this.inFlight = this.publisher
      .sendToTopics(groupByTopic(batch))
      .then(
        () => batch.forEach(({ publication }) => acknowledgePart(publication)),
        (error: unknown) => batch.forEach(({ publication }) => failPublication(publication, error)),
      )
      .finally(() => {
        this.inFlight = undefined;
        if (this.queue.length > 0) this.startBatch();
      });
  }
}

function acknowledgePart(publication: Publication): void {
  publication.partsLeft -= 1;
  if (publication.partsLeft === 0 && !publication.settled) {
    publication.settled = true;
    publication.resolve();
  }
}

function failPublication(publication: Publication, error: unknown): void {
  if (publication.settled) return;
  publication.settled = true;
  publication.reject(error);
}

/** What a message adds to a produce request, near enough: its key, value and headers. */
function sizeOf(message: RawMessage): number {
  const length = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value) : Buffer.isBuffer(value) ? value.length : 0);
  let bytes = length(message.key) + length(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) bytes += Buffer.byteLength(name) + length(value);
  return bytes;
}

function groupByTopic(parts: readonly Part[]): { topic: string; messages: RawMessage[] }[] {
  const byTopic = new Map<string, RawMessage[]>();
  for (const part of parts) {
    const messages = byTopic.get(part.topic) ?? [];
    messages.push(...part.messages);
    byTopic.set(part.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
