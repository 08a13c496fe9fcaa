import { Inject, Injectable } from '@nestjs/common';
import { queryRow, queryRows } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type TicketingTables, tablesOf } from '../db/tables';
import { TICKETING_SETTINGS, type TicketingSettings } from '../ticketing-settings.token';
import type { BreakerSettings } from './sync-settings';

/**
 * `closed`: calls go out. `open`: none do until `openUntil`. `half_open`:
 * the open period is over and the next call is a probe that decides.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** What a worker may do with a connector now: call freely, send exactly one probe, or leave it alone. */
export type Admission = 'call' | 'probe' | 'wait';

export interface BreakerStatus {
  connector: string;
  state: BreakerState;
  consecutiveFailures: number;
  openedAt?: Date;
  openUntil?: Date;
  lastError?: string;
}

const breakerRow = z.object({
  connector: z.string(),
  consecutive_failures: z.number(),
  open_until: z.date().nullable(),
  opened_at: z.date().nullable(),
  last_error: z.string().nullable(),
});
type BreakerRow = z.output<typeof breakerRow>;
const openUntilRow = breakerRow.pick({ open_until: true });

/**
 * One circuit breaker per connector, kept in Postgres so every replica sees
 * the same state: when a ticket system is down, the replicas together stop
 * calling it after `failureThreshold` consecutive failures, not each of them
 * after its own. After `openMs`, one worker wins the probe (a conditional
 * update) and its result closes the breaker or opens it for another period.
 * Only retryable failures count: a 4xx means the system is up and answering.
 */
@Injectable()
export class CircuitBreakers {
  private readonly tables: TicketingTables;
  private readonly settings: BreakerSettings;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TICKETING_SETTINGS) settings: { sync: Pick<TicketingSettings['sync'], 'breaker'> },
  ) {
    this.tables = tablesOf(dataSource);
    this.settings = settings.sync.breaker;
  }

  /** `probeLeaseMs`: how long a probe may take before another worker may probe instead. */
  async admit(connector: string, now: Date, probeLeaseMs: number): Promise<Admission> {
    const row = await queryRow(this.dataSource, openUntilRow, `SELECT open_until FROM ${this.tables.breakers} WHERE connector = $1`, [connector]);
    if (row?.open_until == null) return 'call';
    if (row.open_until > now) return 'wait';
    const won = await queryRows(
      this.dataSource,
      breakerRow.pick({ connector: true }),
      `UPDATE ${this.tables.breakers} SET open_until = $2::timestamptz + make_interval(secs => $3::double precision / 1000), updated_at = now()
       WHERE connector = $1 AND open_until <= $2 RETURNING connector`,
      [connector, now, probeLeaseMs],
    );
    return won.length > 0 ? 'probe' : 'wait';
  }

  async recordSuccess(connector: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.tables.breakers} SET consecutive_failures = 0, open_until = NULL, opened_at = NULL, updated_at = now()
       WHERE connector = $1 AND (consecutive_failures > 0 OR open_until IS NOT NULL)`,
      [connector],
    );
  }

  /** Counts a retryable failure; returns true when the breaker is (now) open. */
  async recordFailure(connector: string, now: Date, error: string): Promise<boolean> {
    await this.dataSource.query(`INSERT INTO ${this.tables.breakers} (connector) VALUES ($1) ON CONFLICT (connector) DO NOTHING`, [connector]);
    const row = await queryRow(
      this.dataSource,
      openUntilRow,
      `UPDATE ${this.tables.breakers} SET
         consecutive_failures = consecutive_failures + 1,
         open_until = CASE WHEN consecutive_failures + 1 >= $3 THEN $2::timestamptz + make_interval(secs => $4::double precision / 1000) ELSE open_until END,
         opened_at = CASE WHEN consecutive_failures + 1 >= $3 THEN coalesce(opened_at, $2) ELSE opened_at END,
         last_error = $5, updated_at = now()
       WHERE connector = $1 RETURNING open_until`,
      [connector, now, this.settings.failureThreshold, this.settings.openMs, error],
    );
    return row?.open_until != null;
  }

  async statuses(now: Date): Promise<Map<string, BreakerStatus>> {
    const rows = await queryRows(
      this.dataSource,
      breakerRow,
      `SELECT connector, consecutive_failures, open_until, opened_at, last_error FROM ${this.tables.breakers}`,
    );
    return new Map(rows.map((row) => [row.connector, toStatus(row, now)]));
  }
}

function toStatus(row: BreakerRow, now: Date): BreakerStatus {
  const state: BreakerState = row.open_until === null ? 'closed' : row.open_until > now ? 'open' : 'half_open';
  return {
    connector: row.connector,
    state,
    consecutiveFailures: row.consecutive_failures,
    ...(row.opened_at ? { openedAt: row.opened_at } : {}),
    ...(row.open_until ? { openUntil: row.open_until } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
  };
}
