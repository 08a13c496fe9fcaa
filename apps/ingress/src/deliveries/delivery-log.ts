import { Inject, Injectable } from '@nestjs/common';
import type { EventOf, topics } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { queryRow, queryRows } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';

export interface DeliveryLogEntry {
  time: string;
  deliveryId: string;
  sourceIp: string;
  outcome: string;
  httpStatus: number;
  errorDetail: string | null;
  alerts: number;
  latencyMs: number;
}

export interface DeliveryLogPage {
  deliveries: DeliveryLogEntry[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  /** The last accepted delivery: "last verified" in an integration's settings. */
  lastAcceptedAt: string | null;
}

/** A column of the last refusal: the batch's, where its refusal is newer than the one on record. */
const newerRefusal = (column: 'status' | 'outcome' | 'reason') =>
  `CASE WHEN EXCLUDED.last_refused_at > COALESCE(activity.last_refused_at, '-infinity') THEN EXCLUDED.last_refused_${column} ELSE activity.last_refused_${column} END`;

const deliveryRowSchema = z.object({
  event_id: z.string(),
  received_at: z.date(),
  delivery_id: z.string(),
  source_ip: z.string(),
  outcome: z.string(),
  http_status: z.number(),
  error_detail: z.string().nullable(),
  alert_count: z.number(),
  latency_ms: z.number(),
});

/**
 * The queryable delivery log, written from `ingress.delivery.v1` by the
 * ingress's own consumer group (DeliveryEventsController), off the webhook hot path. Records arrive in
 * batches and each batch is one multi-row INSERT: the consumer shares the
 * ingress's CPU with the webhooks, and a statement per record could not keep
 * up with them. The event id is the primary key, so a redelivered record,
 * or the same record twice in one batch, is ignored. While Kafka is down,
 * DeliveryRecorder writes its spooled records here directly. The same
 * statement keeps each integration's activity summary (ingress.integration_activity).
 */
@Injectable()
export class DeliveryLog {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async write(events: readonly EventOf<typeof topics.delivery>[]): Promise<void> {
    if (events.length === 0) return;
    // One array parameter per column, unnested into rows: the statement stays the same whatever the batch size.
    // The same statement keeps each integration's activity summary (last accepted, last refused, refusals since)
    // from the rows it inserted, so a redelivered record changes nothing there either. Refused: every outcome but
    // accepted and duplicate. Rows ordered by integration, so concurrent writers lock summaries in one order.
    await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO ingress.deliveries (event_id, delivery_id, integration_id, received_at, source_ip, outcome, http_status, error_detail, alert_count, latency_ms)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::integer[], $8::text[], $9::integer[], $10::double precision[])
         ON CONFLICT (event_id) DO NOTHING
         RETURNING integration_id, received_at, outcome, http_status, error_detail
       ), counted AS (
         SELECT *, outcome <> 'accepted' AS refused FROM inserted WHERE outcome <> 'duplicate'
       ), per_integration AS (
         SELECT integration_id, max(received_at) FILTER (WHERE NOT refused) AS accepted_at FROM counted GROUP BY integration_id
       ), last_refused AS (
         SELECT DISTINCT ON (integration_id) integration_id, received_at, http_status, outcome, error_detail
           FROM counted WHERE refused ORDER BY integration_id, received_at DESC
       ), summary AS (
         SELECT p.integration_id, p.accepted_at, r.received_at AS refused_at, r.http_status, r.outcome, r.error_detail,
                (SELECT count(*) FROM counted c
                  WHERE c.integration_id = p.integration_id AND c.refused
                    AND c.received_at > COALESCE(GREATEST(p.accepted_at, known.last_accepted_at), '-infinity'))::integer AS refusals
           FROM per_integration p
           LEFT JOIN last_refused r USING (integration_id)
           LEFT JOIN ingress.integration_activity known ON known.integration_id = p.integration_id
       )
       INSERT INTO ingress.integration_activity AS activity
              (integration_id, last_accepted_at, last_refused_at, last_refused_status, last_refused_outcome, last_refused_reason, refusals_since_accepted)
       SELECT integration_id, accepted_at, refused_at, http_status, outcome, error_detail, refusals FROM summary ORDER BY integration_id
       ON CONFLICT (integration_id) DO UPDATE SET
         last_accepted_at = GREATEST(activity.last_accepted_at, EXCLUDED.last_accepted_at),
         refusals_since_accepted = CASE WHEN EXCLUDED.last_accepted_at > COALESCE(activity.last_accepted_at, '-infinity')
                                        THEN EXCLUDED.refusals_since_accepted
                                        ELSE activity.refusals_since_accepted + EXCLUDED.refusals_since_accepted END,
         last_refused_at = GREATEST(activity.last_refused_at, EXCLUDED.last_refused_at),
         last_refused_status = ${newerRefusal('status')},
         last_refused_outcome = ${newerRefusal('outcome')},
         last_refused_reason = ${newerRefusal('reason')}`,
      [
        events.map((event) => event.id),
        events.map(({ data }) => data.deliveryId),
        events.map(({ data }) => data.integrationId),
        events.map(({ data }) => data.receivedAt),
        events.map(({ data }) => data.sourceIp),
        events.map(({ data }) => data.outcome),
        events.map(({ data }) => data.httpStatus),
        events.map(({ data }) => data.errorDetail ?? null),
        events.map(({ data }) => data.alertCount),
        events.map(({ data }) => data.latencyMs),
      ],
    );
  }

  /** Newest first, keyset-paginated on (received_at, event_id): stable while new deliveries arrive. */
  async page(integrationId: string, limit: number, cursor?: string): Promise<DeliveryLogPage> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await queryRows(
      this.dataSource,
      deliveryRowSchema,
      `SELECT event_id, received_at, delivery_id, source_ip, outcome, http_status, error_detail, alert_count, latency_ms
         FROM ingress.deliveries
         WHERE integration_id = $1 AND ($2::timestamptz IS NULL OR (received_at, event_id) < ($2::timestamptz, $3::uuid))
         ORDER BY received_at DESC, event_id DESC LIMIT $4`,
      [integrationId, after?.receivedAt ?? null, after?.eventId ?? null, limit + 1],
    );
    const lastAccepted = await queryRow(
      this.dataSource,
      z.object({ last_accepted_at: z.date().nullable() }),
      `SELECT max(received_at) AS last_accepted_at FROM ingress.deliveries WHERE integration_id = $1 AND outcome = 'accepted'`,
      [integrationId],
    );
    const lastAcceptedAt = lastAccepted?.last_accepted_at ?? null;
    const pageRows = rows.slice(0, limit);
    const last = pageRows.at(-1);
    return {
      deliveries: pageRows.map((row) => ({
        time: row.received_at.toISOString(),
        deliveryId: row.delivery_id,
        sourceIp: row.source_ip,
        outcome: row.outcome,
        httpStatus: row.http_status,
        errorDetail: row.error_detail,
        alerts: row.alert_count,
        latencyMs: row.latency_ms,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.received_at, last.event_id) : null,
      lastAcceptedAt: lastAcceptedAt?.toISOString() ?? null,
    };
  }
}

function encodeCursor(receivedAt: Date, eventId: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${eventId}`).toString('base64url');
}

function decodeCursor(cursor: string): { receivedAt: string; eventId: string } {
  const [receivedAt, eventId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!receivedAt || !eventId || Number.isNaN(Date.parse(receivedAt)) || !/^[0-9a-f-]{36}$/.test(eventId)) {
    throw new HooklineError('invalid_input', 'cursor is not one this API returned');
  }
  return { receivedAt, eventId };
}
