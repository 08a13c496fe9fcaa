import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { deadLetterTopicName } from '@hookline/contracts/events';
import type { Logger } from '@hookline/platform/observability';
import { deadLetterHeaders } from './dead-letter';
import type { KafkaConnection } from './kafka-connection';
import { backoffDelay, type RetryPolicy } from './retry-policy';

/** Headers a replayed dead letter carries, so a handler, the logs and a new dead letter of it say where it came from. */
export const replayHeaders = {
  /** `<consumer group>/<dead letter id>` of the dead letter replayed. */
  replayOf: 'hookline-replay-of',
  replayedBy: 'hookline-replayed-by',
} as const;

/** One message of a `dlq.<group>` topic, with the cause its dead-letter headers record. */
export interface DeadLetterRecord {
  /** Its place in the dead-letter topic, which identifies it. */
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** The original message's own headers, the dead-letter ones taken out. */
  headers: Record<string, string>;
  error: string;
  /** Undefined only for a message some other tool wrote to the topic without Hookline's headers. */
  originalTopic: string | undefined;
  originalPartition: number | undefined;
  originalOffset: string | undefined;
  attempts: number | undefined;
  deadLetteredAt: Date;
}

const ownHeaders = new Set<string>(Object.values(deadLetterHeaders));

/** Reads a dead letter's headers back (see `toDeadLetter`). */
export function readDeadLetter(partition: number, message: KafkaMessage): DeadLetterRecord {
  const all: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) all[name] = first.toString();
  }
  const headers = Object.fromEntries(Object.entries(all).filter(([name]) => !ownHeaders.has(name)));
  const failedAt = new Date(all[deadLetterHeaders.failedAt] ?? Number(message.timestamp));
  return {
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    error: all[deadLetterHeaders.error] ?? '(no error recorded)',
    originalTopic: all[deadLetterHeaders.originalTopic],
    originalPartition: integerOrUndefined(all[deadLetterHeaders.originalPartition]),
    originalOffset: all[deadLetterHeaders.originalOffset],
    attempts: integerOrUndefined(all[deadLetterHeaders.attempts]),
    deadLetteredAt: Number.isNaN(failedAt.getTime()) ? new Date(Number(message.timestamp)) : failedAt,
  };
}

function integerOrUndefined(text: string | undefined): number | undefined {
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isInteger(value) ? value : undefined;
}

export interface DeadLetterReaderOptions {
  /** The consumer group whose dead letters (`dlq.<groupId>`) are read. */
  groupId: string;
  /** The reader's own consumer group (registry name; the connection's namespace applies). */
  readerGroupId: string;
  /** Gets each fetched batch of one partition; the offsets are committed only after it resolved. */
  handle: (letters: readonly DeadLetterRecord[]) => Promise<void>;
  logger: Logger;
  /** Backoff between tries of a failed `handle`; it is tried until it succeeds (`attempts` is not used). */
  retry?: RetryPolicy;
}

const foreverBackoff: RetryPolicy = { attempts: Number.POSITIVE_INFINITY, initialBackoffMs: 500, maxBackoffMs: 30_000 };

/**
 * A second reader of a group's dead-letter topic, for tools that keep track
 * of dead letters (an index an operator can query). The topic stays the
 * record: a batch's offsets are committed only after `handle` succeeded, and
 * a failing `handle` (its database down) is retried until it succeeds, so
 * no dead letter is skipped. The topic is read from its beginning the first
 * time the reader's group starts.
 */
export class DeadLetterReader {
  private readonly consumer: Consumer;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly options: DeadLetterReaderOptions,
  ) {
    this.retry = options.retry ?? foreverBackoff;
    this.logger = options.logger.child({ component: 'dead-letter-reader', groupId: options.groupId });
    this.consumer = connection.client.consumer({
      groupId: connection.namespace.group(options.readerGroupId),
      allowAutoTopicCreation: false,
      ...(connection.sessionTimeoutMs === undefined ? {} : { sessionTimeout: connection.sessionTimeoutMs }),
    });
  }

  /** Resolves once the reader has joined its group. */
  async start(): Promise<void> {
    const joined = new Promise<void>((resolve) => {
      const removeListener = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        removeListener();
        resolve();
      });
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.logger.error({ err: payload.error }, 'dead-letter reader crashed and will not restart');
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.connection.namespace.topic(deadLetterTopicName(this.options.groupId))], fromBeginning: true });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.consumeBatch(payload) });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const last = batch.messages.at(-1);
    if (!last) return;
    const letters = batch.messages.map((message) => readDeadLetter(batch.partition, message));
    for (let failures = 0; ; failures += 1) {
      try {
        await this.options.handle(letters);
        break;
      } catch (error) {
        // One line when it starts failing, then one every ten tries.
        if (failures % 10 === 0) this.logger.error({ err: error, partition: batch.partition, failures: failures + 1 }, 'could not record dead letters, retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(this.retry, failures + 1)));
        if (!payload.isRunning() || payload.isStale()) return;
        await payload.heartbeat();
      }
    }
    payload.resolveOffset(last.offset);
    await payload.commitOffsetsIfNecessary();
  }
}
