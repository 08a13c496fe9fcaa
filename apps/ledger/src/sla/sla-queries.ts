import { Inject, Injectable } from '@nestjs/common';
import { HooklineError } from '@hookline/platform/errors';
import { queryRows } from '@hookline/platform/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';

const monthPattern = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const month = z.string().regex(monthPattern, 'must be a month, YYYY-MM');

/** The longest range one request may ask for: ten years of months. */
export const maxSlaMonths = 120;

export const slaQuerySchema = z
  .object({
    from: month.optional(),
    to: month.optional(),
    service: z.string().min(1).max(256).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export type SlaQuery = z.infer<typeof slaQuerySchema>;

/** One row of `ledger.sla_by_service_month`. */
export interface SlaRow {
  service: string;
  /** The first day of the UTC month, YYYY-MM-DD: the view's own value, so a CSV row and a query of the view match. */
  month: string;
  periodMinutes: number;
  maintenanceMinutes: number;
  incidents: number;
  downtimeMinutes: number;
  weightedDowntimeMinutes: number;
  uptimePercent: number | null;
  strictUptimePercent: number | null;
}

/** The CSV columns: the view's own column names, in its order. */
export const slaCsvColumns: readonly (readonly [header: string, field: keyof SlaRow])[] = [
  ['service', 'service'],
  ['month', 'month'],
  ['period_minutes', 'periodMinutes'],
  ['maintenance_minutes', 'maintenanceMinutes'],
  ['incidents', 'incidents'],
  ['downtime_minutes', 'downtimeMinutes'],
  ['weighted_downtime_minutes', 'weightedDowntimeMinutes'],
  ['uptime_percent', 'uptimePercent'],
  ['strict_uptime_percent', 'strictUptimePercent'],
];

/** Postgres hands `numeric` over as a string. */
const minutes = z.coerce.number();
const percent = z.coerce.number().nullable();

/** A row of the view as the report selects it, mapped to its API field names. */
const slaViewRow = z
  .object({
    service: z.string(),
    month: z.string(),
    period_minutes: minutes,
    maintenance_minutes: minutes,
    incidents: z.number(),
    downtime_minutes: minutes,
    weighted_downtime_minutes: minutes,
    uptime_percent: percent,
    strict_uptime_percent: percent,
  })
  .transform(
    (row): SlaRow => ({
      service: row.service,
      month: row.month,
      periodMinutes: row.period_minutes,
      maintenanceMinutes: row.maintenance_minutes,
      incidents: row.incidents,
      downtimeMinutes: row.downtime_minutes,
      weightedDowntimeMinutes: row.weighted_downtime_minutes,
      uptimePercent: row.uptime_percent,
      strictUptimePercent: row.strict_uptime_percent,
    }),
  );

export interface SlaReport {
  from: string;
  to: string;
  service?: string;
  /** Per service and month, months ascending; a service with no incident in a month has no row (100 %). */
  rows: SlaRow[];
}

/** Reads the SLA view for a range of months (both ends included; default: the current month). */
@Injectable()
export class SlaQueries {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async report(query: SlaQuery, now: Date = new Date()): Promise<SlaReport> {
    const { from, to } = monthRange(query, now);
    const rows = await queryRows(
      this.dataSource,
      slaViewRow,
      `SELECT service, to_char(month, 'YYYY-MM-DD') AS month, period_minutes, maintenance_minutes, incidents, downtime_minutes,
              weighted_downtime_minutes, uptime_percent, strict_uptime_percent
       FROM ledger.sla_by_service_month
       WHERE month BETWEEN $1::date AND $2::date ${query.service === undefined ? '' : 'AND service = $3'}
       ORDER BY month, service`,
      [`${from}-01`, `${to}-01`, ...(query.service === undefined ? [] : [query.service])],
    );
    return {
      from,
      to,
      ...(query.service === undefined ? {} : { service: query.service }),
      rows,
    };
  }
}

/**
 * The months a request covers, both ends included (YYYY-MM, UTC). Without
 * `from` and `to`: the current month; with only one of them: that month.
 */
export function monthRange(query: Pick<SlaQuery, 'from' | 'to'>, now: Date): { from: string; to: string } {
  const current = now.toISOString().slice(0, 7);
  const from = query.from ?? query.to ?? current;
  const to = query.to ?? (query.from === undefined ? current : from);
  if (from > to) throw new HooklineError('invalid_input', `from (${from}) must not be after to (${to})`);
  if (monthsBetween(from, to) > maxSlaMonths) throw new HooklineError('invalid_input', `at most ${maxSlaMonths} months per request`);
  return { from, to };
}

function monthsBetween(from: string, to: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(to) - index(from) + 1;
}
