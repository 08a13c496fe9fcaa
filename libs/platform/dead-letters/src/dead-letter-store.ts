import { type DeadLetterRecord, eventHeaders, replayHeaders } from '@hookline/platform/kafka';
import { type Queryable, quoteIdentifier, queryRow, queryRows } from '@hookline/platform/persistence';
import { z } from 'zod';

export type DeadLetterState = 'open' | 'replayed' | 'discarded';

export interface DeadLetterFilter {
  state?: DeadLetterState;
  topic?: string;
  since?: Date;
  /** The id the previous page ended after (pages are newest first). */
  cursor?: string;
  limit: number;
}

/** A dead letter as the list shows it. */
export interface DeadLetterSummary {
  id: string;
  state: DeadLetterState;
  /** The consumer group as the broker names it (with the deployment's KAFKA_TOPIC_PREFIX). */
  consumerGroup: string;
  eventId: string | null;
  eventType: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  error: string;
  attempts: number | null;
  deadLetteredAt: string;
  /** The dead letter whose replay failed again into this one. */
  replayOf: string | null;
  replayedAt: string | null;
  replayedBy: string | null;
  discardedAt: string | null;
  discardedBy: string | null;
  discardReason: string | null;
}

/** One dead letter in full: what arrived, as it arrived, and where it sits in the dead-letter topic. */
export interface DeadLetterDetail extends DeadLetterSummary {
  key: string | null;
  headers: Record<string, string>;
  /** The payload's JSON, or its text when it is not JSON. */
  payload: unknown;
  payloadIsJson: boolean;
  deadLetterTopic: { partition: number; offset: string };
}

/** What a replay sends: the original message, byte for byte. */
export interface ReplayableLetter {
  id: string;
  state: DeadLetterState;
  originalTopic: string | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

const nullableText = z.string().nullable();
const nullableTime = z.date().nullable();
const state = z.enum(['open', 'replayed', 'discarded']);

const summaryRow = z.object({
  id: z.string(),
  state,
  consumer_group: z.string(),
  event_id: nullableText,
  event_type: nullableText,
  original_topic: nullableText,
  original_partition: z.number().int().nullable(),
  original_offset: nullableText,
  error: z.string(),
  attempts: z.number().int().nullable(),
  dead_lettered_at: z.date(),
  replay_of: nullableText,
  replayed_at: nullableTime,
  replayed_by: nullableText,
  discarded_at: nullableTime,
  discarded_by: nullableText,
  discard_reason: nullableText,
});

const message = {
  message_key: z.instanceof(Buffer).nullable(),
  payload: z.instanceof(Buffer).nullable(),
  headers: z.record(z.string(), z.string()),
};

const detailRow = summaryRow.extend({ ...message, dlq_partition: z.number().int(), dlq_offset: z.string() });
const replayableRow = z.object({ id: z.string(), state, original_topic: nullableText, ...message });
const idRow = z.object({ id: z.string() });

const summaryColumns = `id::text, state, consumer_group, event_id, event_type, original_topic, original_partition, original_offset::text,
  error, attempts, dead_lettered_at, replay_of::text, replayed_at, replayed_by, discarded_at, discarded_by, discard_reason`;

/**
 * The `<schema>.dead_letters` table of one consumer group: filled from its
 * dead-letter topic (DeadLetterIndex), read by the admin API, marked by
 * replays and discards. SQL only here.
 */
export class DeadLetterStore {
  private readonly table: string;

  /** Rows are keyed by the group's id on the broker, so deployments that share a database (tests do) keep theirs apart. */
  private readonly groupId: string;

  constructor(
    schema: string,
    private readonly group: { registryId: string; brokerId: string },
  ) {
    this.table = `${quoteIdentifier(schema)}.dead_letters`;
    this.groupId = group.brokerId;
  }

  /** Adds the letters not indexed before (their place in the topic says which). */
  async record(db: Queryable, letters: readonly DeadLetterRecord[]): Promise<void> {
    if (letters.length === 0) return;
    await db.query(
      `INSERT INTO ${this.table} (consumer_group, dlq_partition, dlq_offset, event_id, event_type, original_topic, original_partition, original_offset,
         message_key, payload, headers, error, attempts, dead_lettered_at, replay_of)
       SELECT $1, r.dlq_partition, r.dlq_offset::bigint, r.event_id, r.event_type, r.original_topic, r.original_partition, r.original_offset::bigint,
         decode(r.message_key, 'base64'), decode(r.payload, 'base64'), r.headers, r.error, r.attempts, r.dead_lettered_at, r.replay_of::bigint
       FROM jsonb_to_recordset($2::jsonb) AS r(dlq_partition integer, dlq_offset text, event_id text, event_type text, original_topic text,
         original_partition integer, original_offset text, message_key text, payload text, headers jsonb, error text, attempts integer,
         dead_lettered_at timestamptz, replay_of text)
       ON CONFLICT (consumer_group, dlq_partition, dlq_offset) DO NOTHING`,
      [this.groupId, JSON.stringify(letters.map((letter) => this.toRow(letter)))],
    );
  }

  async page(db: Queryable, filter: DeadLetterFilter): Promise<{ deadLetters: DeadLetterSummary[]; nextCursor: string | null }> {
    const rows = await queryRows(
      db,
      summaryRow,
      `SELECT ${summaryColumns} FROM ${this.table}
       WHERE consumer_group = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR original_topic = $3)
         AND ($4::timestamptz IS NULL OR dead_lettered_at >= $4) AND ($5::bigint IS NULL OR id < $5)
       ORDER BY id DESC LIMIT $6`,
      [this.groupId, filter.state ?? null, filter.topic ?? null, filter.since ?? null, filter.cursor ?? null, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    return { deadLetters: page.map(toSummary), nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
  }

  async get(db: Queryable, id: string): Promise<DeadLetterDetail | undefined> {
    const row = await queryRow(
      db,
      detailRow,
      `SELECT ${summaryColumns}, message_key, payload, headers, dlq_partition, dlq_offset::text FROM ${this.table} WHERE consumer_group = $1 AND id = $2`,
      [this.groupId, id],
    );
    return row && toDetail(row);
  }

  /** The letters a replay asked for, locked until its transaction ends, so two replays of one letter take turns. */
  async lockByIds(db: Queryable, ids: readonly string[]): Promise<ReplayableLetter[]> {
    const rows = await queryRows(
      db,
      replayableRow,
      `SELECT id::text, state, original_topic, message_key, payload, headers FROM ${this.table}
       WHERE consumer_group = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`,
      [this.groupId, ids],
    );
    return rows.map(toReplayable);
  }

  /** The open letters dead-lettered since a time (of one original topic), oldest first, locked as lockByIds does. */
  async lockOpenSince(db: Queryable, since: Date, topic: string | undefined, limit: number): Promise<ReplayableLetter[]> {
    const rows = await queryRows(
      db,
      replayableRow,
      `SELECT id::text, state, original_topic, message_key, payload, headers FROM ${this.table}
       WHERE consumer_group = $1 AND state = 'open' AND dead_lettered_at >= $2 AND ($3::text IS NULL OR original_topic = $3)
       ORDER BY id LIMIT $4 FOR UPDATE`,
      [this.groupId, since, topic ?? null, limit],
    );
    return rows.map(toReplayable);
  }

  async markReplayed(db: Queryable, ids: readonly string[], by: string): Promise<void> {
    await db.query(`UPDATE ${this.table} SET state = 'replayed', replayed_at = now(), replayed_by = $3 WHERE consumer_group = $1 AND id = ANY($2::bigint[])`, [
      this.groupId,
      ids,
      by,
    ]);
  }

  /** Discards an open letter; undefined when there is no such letter, its detail (state unchanged) when it was not open. */
  async discard(db: Queryable, id: string, reason: string, by: string): Promise<{ discarded: boolean } | undefined> {
    const updated = await queryRows(
      db,
      idRow,
      `UPDATE ${this.table} SET state = 'discarded', discarded_at = now(), discarded_by = $4, discard_reason = $3
       WHERE consumer_group = $1 AND id = $2 AND state = 'open' RETURNING id::text`,
      [this.groupId, id, reason, by],
    );
    if (updated.length > 0) return { discarded: true };
    return (await this.get(db, id)) === undefined ? undefined : { discarded: false };
  }

  private toRow(letter: DeadLetterRecord) {
    return {
      dlq_partition: letter.partition,
      dlq_offset: letter.offset,
      event_id: storable(letter.headers[eventHeaders.eventId]),
      event_type: storable(letter.headers[eventHeaders.eventType]),
      original_topic: storable(letter.originalTopic),
      original_partition: letter.originalPartition ?? null,
      original_offset: letter.originalOffset !== undefined && /^\d{1,18}$/.test(letter.originalOffset) ? letter.originalOffset : null,
      message_key: letter.key?.toString('base64') ?? null,
      payload: letter.value?.toString('base64') ?? null,
      headers: Object.fromEntries(Object.entries(letter.headers).map(([name, value]) => [storable(name), storable(value)])),
      error: storable(letter.error),
      attempts: letter.attempts ?? null,
      dead_lettered_at: letter.deadLetteredAt.toISOString(),
      replay_of: this.replayOf(letter.headers[replayHeaders.replayOf]),
    };
  }

  /** `<group>/<id>` of a replay that failed again; another group's id means nothing in this table. */
  private replayOf(header: string | undefined): string | null {
    const match = /^(.+)\/(\d{1,18})$/.exec(header ?? '');
    return match && match[1] === this.group.registryId ? (match[2] ?? null) : null;
  }
}

/** Postgres text and jsonb refuse NUL; a dead letter must never be refused for its content, or the index would stall on it. */
function storable<T extends string | undefined>(text: T): T extends string ? string : null;
function storable(text: string | undefined): string | null {
  return text === undefined ? null : text.replaceAll('\u0000', '\uFFFD');
}

function toSummary(row: z.infer<typeof summaryRow>): DeadLetterSummary {
  return {
    id: row.id,
    state: row.state,
    consumerGroup: row.consumer_group,
    eventId: row.event_id,
    eventType: row.event_type,
    originalTopic: row.original_topic,
    originalPartition: row.original_partition,
    originalOffset: row.original_offset,
    error: row.error,
    attempts: row.attempts,
    deadLetteredAt: row.dead_lettered_at.toISOString(),
    replayOf: row.replay_of,
    replayedAt: row.replayed_at?.toISOString() ?? null,
    replayedBy: row.replayed_by,
    discardedAt: row.discarded_at?.toISOString() ?? null,
    discardedBy: row.discarded_by,
    discardReason: row.discard_reason,
  };
}

function toDetail(row: z.infer<typeof detailRow>): DeadLetterDetail {
  const text = row.payload?.toString('utf8') ?? null;
  const json = parseJson(text);
  return {
    ...toSummary(row),
    key: row.message_key?.toString('utf8') ?? null,
    headers: row.headers,
    payload: json.ok ? json.value : text,
    payloadIsJson: json.ok,
    deadLetterTopic: { partition: row.dlq_partition, offset: row.dlq_offset },
  };
}

function parseJson(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function toReplayable(row: z.infer<typeof replayableRow>): ReplayableLetter {
  return { id: row.id, state: row.state, originalTopic: row.original_topic, key: row.message_key, value: row.payload, headers: row.headers };
}
