import { type ComponentStatus, downtimeWeight, type ImpactStatus, worst } from '../status/component-status';

const dayMs = 86_400_000;

/** A stretch of time during which one incident put a component in one status. */
export interface ImpactInterval {
  start: Date;
  end: Date;
  status: ImpactStatus;
  incidentName: string;
}

export interface UptimeDay {
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
  /** The worst status of the day; `no_data` before the page showed the component. */
  status: ComponentStatus | 'no_data';
  /** Milliseconds spent in each status other than operational. */
  timeInStatus: Partial<Record<ComponentStatus, number>>;
  /** Public names of the incidents that touched the day. */
  incidents: string[];
}

export interface UptimeHistory {
  days: UptimeDay[];
  /** Time with data in the window (since the page first showed the component), maintenance included. */
  observedMs: number;
  /** Uptime over the time with data, 0–100; undefined with less than a day of data (see `minimumObservedMs`). */
  percent: number | undefined;
}

/**
 * Below a day of data there is no uptime figure: a 95-second outage ten
 * minutes after a fresh install would otherwise read as "84 % uptime", a
 * disaster to anyone who reads it. The ledger's `sla_by_service_month` leaves
 * `uptime_percent` empty below the same day (docs/status-page.md, "Uptime").
 */
export const minimumObservedMs = dayMs;

/**
 * Day by day (UTC) for the last `days` days up to `now`: the worst status of
 * the day, time per status and the uptime. The uptime is the ledger's
 * definition: `1 − weighted downtime / (time with data − maintenance)`, the
 * downtime weighted as `downtimeWeight` says. Time before `since` is no data,
 * neither uptime nor downtime; maintenance covers incident impact and is left
 * out of the time measured, as an SLA leaves out planned work.
 */
export function uptimeHistory(input: {
  days: number;
  now: Date;
  /** Since when the page shows the component; days before it have no data. */
  since: Date;
  incidents: readonly ImpactInterval[];
  maintenance: readonly { start: Date; end: Date }[];
}): UptimeHistory {
  const today = Math.floor(input.now.getTime() / dayMs) * dayMs;
  const result: UptimeDay[] = [];
  let observed = 0;
  let maintained = 0;
  let down = 0;
  for (let index = input.days - 1; index >= 0; index -= 1) {
    const dayStart = today - index * dayMs;
    const from = Math.max(dayStart, input.since.getTime());
    const to = Math.min(dayStart + dayMs, input.now.getTime());
    const date = new Date(dayStart).toISOString().slice(0, 10);
    if (to <= from) {
      result.push({ date, status: 'no_data', timeInStatus: {}, incidents: [] });
      continue;
    }
    const day = summariseDay(from, to, input.incidents, input.maintenance);
    observed += to - from;
    maintained += day.ms.under_maintenance ?? 0;
    down += Object.entries(day.ms).reduce((sum, [status, ms]) => sum + downtimeWeight[status as ComponentStatus] * ms, 0);
    const timeInStatus: Partial<Record<ComponentStatus, number>> = {};
    for (const [status, ms] of Object.entries(day.ms) as [ComponentStatus, number][]) {
      if (status !== 'operational' && ms > 0) timeInStatus[status] = ms;
    }
    result.push({ date, status: worst(Object.keys(timeInStatus) as ComponentStatus[], 'operational'), timeInStatus, incidents: day.incidents });
  }
  const measured = observed - maintained;
  return {
    days: result,
    observedMs: observed,
    percent: observed < minimumObservedMs || measured <= 0 ? undefined : 100 * (1 - down / measured),
  };
}

function summariseDay(
  from: number,
  to: number,
  incidents: readonly ImpactInterval[],
  maintenance: readonly { start: Date; end: Date }[],
): { ms: Partial<Record<ComponentStatus, number>>; incidents: string[] } {
  const overlapping = incidents.filter((interval) => interval.start.getTime() < to && interval.end.getTime() > from && interval.status !== 'operational');
  const windows = maintenance.filter((window) => window.start.getTime() < to && window.end.getTime() > from);
  const cuts = new Set<number>([from, to]);
  for (const span of [...overlapping, ...windows]) {
    for (const edge of [span.start.getTime(), span.end.getTime()]) if (edge > from && edge < to) cuts.add(edge);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const ms: Partial<Record<ComponentStatus, number>> = {};
  for (let index = 0; index + 1 < points.length; index += 1) {
    const start = points[index] as number;
    const end = points[index + 1] as number;
    const covers = (span: { start: Date; end: Date }) => span.start.getTime() <= start && span.end.getTime() >= end;
    const status: ComponentStatus = windows.some(covers)
      ? 'under_maintenance'
      : worst(overlapping.filter(covers).map((interval) => interval.status), 'operational');
    ms[status] = (ms[status] ?? 0) + (end - start);
  }
  return { ms, incidents: [...new Set(overlapping.map((interval) => interval.incidentName))] };
}
