import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';

/** What became of an integration's deliveries and tests (ingress.integration_activity). */
export interface IntegrationActivityRecord {
  lastAcceptedAt: Date | null;
  lastRefused: { at: Date; httpStatus: number; outcome: string; reason: string | null } | null;
  /** Refused or 5xx attempts recorded since the last accepted one (duplicates aside). */
  refusalsSinceAccepted: number;
  lastTest: { at: Date; outcome: TestOutcome; detail: string | null } | null;
}

/** `sent`: the test alert was published to the pipeline; `failed`: it could not be (the detail says why). */
export const testOutcomes = ['sent', 'failed'] as const;
export type TestOutcome = (typeof testOutcomes)[number];

export const noActivity: IntegrationActivityRecord = { lastAcceptedAt: null, lastRefused: null, refusalsSinceAccepted: 0, lastTest: null };

const activityRow = z.object({
  integration_id: z.string(),
  last_accepted_at: z.date().nullable(),
  last_refused_at: z.date().nullable(),
  last_refused_status: z.number().nullable(),
  last_refused_outcome: z.string().nullable(),
  last_refused_reason: z.string().nullable(),
  refusals_since_accepted: z.number(),
  last_test_at: z.date().nullable(),
  last_test_outcome: z.enum(testOutcomes).nullable(),
  last_test_detail: z.string().nullable(),
});

/**
 * Reads the activity summaries, which the delivery log's batched writer keeps
 * (DeliveryLog.write, not a write per webhook), and records the test action's
 * outcome. Read by the admin API only, never on the hot path.
 */
@Injectable()
export class IntegrationActivity {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async of(integrationIds: readonly string[]): Promise<Map<string, IntegrationActivityRecord>> {
    if (integrationIds.length === 0) return new Map();
    const rows = await queryRows(this.dataSource, activityRow, `SELECT * FROM ingress.integration_activity WHERE integration_id = ANY($1::text[])`, [
      [...integrationIds],
    ]);
    return new Map(
      rows.map((row) => [
        row.integration_id,
        {
          lastAcceptedAt: row.last_accepted_at,
          lastRefused:
            row.last_refused_at === null
              ? null
              : { at: row.last_refused_at, httpStatus: row.last_refused_status ?? 0, outcome: row.last_refused_outcome ?? 'unknown', reason: row.last_refused_reason },
          refusalsSinceAccepted: row.refusals_since_accepted,
          lastTest: row.last_test_at === null || row.last_test_outcome === null ? null : { at: row.last_test_at, outcome: row.last_test_outcome, detail: row.last_test_detail },
        },
      ]),
    );
  }

  async recordTest(integrationId: string, outcome: TestOutcome, detail: string | null, at = new Date()): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ingress.integration_activity (integration_id, last_test_at, last_test_outcome, last_test_detail) VALUES ($1, $2, $3, $4)
       ON CONFLICT (integration_id) DO UPDATE SET last_test_at = EXCLUDED.last_test_at, last_test_outcome = EXCLUDED.last_test_outcome, last_test_detail = EXCLUDED.last_test_detail`,
      [integrationId, at, outcome, detail],
    );
  }
}
