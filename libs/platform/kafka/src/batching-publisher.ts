import type { EventOf, TopicDefinition } from '@hookline/contracts/events';
import { encodeEvent } from './event-codec';
import type { EventPublisher, RawMessage } from './event-publisher';

export interface BatchingPublisherOptions {
  /** How long the first event of a batch may wait for company. */
  lingerMs?: number;
  /** A batch this large is sent at once. */
  maxBatchMessages?: number;
}

interface Pending {
  topic: string;
  messages: RawMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Turns many concurrent publishes (one per webhook request) into few produce
 * requests. kafkajs sends one request per `send()`, and the idempotent
 * producer keeps one in flight per broker, so publishing request by request
 * would cap throughput at one broker round trip per webhook. Here a batch
 * leaves after `lingerMs` or `maxBatchMessages`, and while one batch is in
 * flight the next one fills up. Every caller's promise settles with its
 * batch's acknowledgement: resolved only once Kafka has the events.
 */
export class BatchingPublisher {
  private pending: Pending[] = [];
  private pendingMessages = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly lingerMs: number;
  private readonly maxBatchMessages: number;

  constructor(
    private readonly publisher: Pick<EventPublisher, 'sendToTopics'>,
    options: BatchingPublisherOptions = {},
  ) {
    this.lingerMs = options.lingerMs ?? 2;
    this.maxBatchMessages = options.maxBatchMessages ?? 1_000;
  }

  /** Validates now (an invalid event throws here, not in someone else's batch), resolves when acknowledged. */
  publish<T extends TopicDefinition>(topic: T, events: readonly EventOf<T>[], headers: Record<string, string> = {}): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const messages = events.map((event) => {
      const encoded = encodeEvent(topic, event);
      return { ...encoded, headers: { ...encoded.headers, ...headers } };
    });
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ topic: topic.name, messages, resolve, reject });
      this.pendingMessages += messages.length;
      if (this.pendingMessages >= this.maxBatchMessages) this.flushSoon(0);
      else this.flushSoon(this.lingerMs);
    });
  }

  /** Sends whatever waits and resolves when it is acknowledged (shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight || this.pending.length > 0) {
      if (this.inFlight) await this.inFlight.catch(() => undefined);
      else this.startBatch();
    }
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

  private startBatch(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingMessages = 0;
    this.inFlight = this.publisher
      .sendToTopics(groupByTopic(batch))
      .then(
        () => batch.forEach((entry) => entry.resolve()),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending.length > 0) this.startBatch();
      });
  }
}

function groupByTopic(entries: readonly Pending[]): { topic: string; messages: RawMessage[] }[] {
  const byTopic = new Map<string, RawMessage[]>();
  for (const entry of entries) {
    const messages = byTopic.get(entry.topic) ?? [];
    messages.push(...entry.messages);
    byTopic.set(entry.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
