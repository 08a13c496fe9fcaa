import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Grafana dashboard Hookline ships (deploy/grafana). */
export const dashboardPath = join(__dirname, '..', '..', '..', 'deploy', 'grafana', 'hookline-dashboard.json');

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
  templating: { list: { query?: unknown }[] };
}

/** Every `hookline_…` metric name a PromQL query of the dashboard (panels and variables) reads. */
export function dashboardMetricNames(path = dashboardPath): Set<string> {
  const dashboard = JSON.parse(readFileSync(path, 'utf8')) as Dashboard;
  const queries = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ...dashboard.templating.list.flatMap((variable) => (typeof variable.query === 'string' ? [variable.query] : [])),
  ];
  return new Set(queries.flatMap((query) => query.match(/\bhookline_[a-z0-9_]+/g) ?? []));
}

/**
 * The metric names an exposition declares (`# TYPE` lines), with the series a
 * histogram adds (`_bucket`, `_sum`, `_count`), since queries read those.
 */
export function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (name === undefined) continue;
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}
