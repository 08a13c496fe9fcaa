import type { Severity } from '@hookline/contracts/events';

/** Atlassian Statuspage's component statuses, from best to worst (maintenance is shown apart from the outage scale). */
export const componentStatuses = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof componentStatuses)[number];

/** What an incident can do to a component; maintenance comes only from maintenance windows. */
export const impactStatuses = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ImpactStatus = (typeof impactStatuses)[number];

/** Statuspage's page indicator and incident impact. */
export type Indicator = 'none' | 'minor' | 'major' | 'critical';

const rank: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/**
 * The component status an open incident causes, by severity (rows) and the
 * service's tier (columns). Customer-facing tier-1 services go down hardest;
 * tier-3 (internal, degradable) never show more than a partial outage. An
 * `info` incident is not customer-visible and changes nothing publicly.
 * A service without a tier is treated as tier-2.
 */
export const impactMatrix: Readonly<Record<Severity, Readonly<Record<'tier-1' | 'tier-2' | 'tier-3', ImpactStatus>>>> = {
  critical: { 'tier-1': 'major_outage', 'tier-2': 'major_outage', 'tier-3': 'partial_outage' },
  error: { 'tier-1': 'partial_outage', 'tier-2': 'partial_outage', 'tier-3': 'degraded_performance' },
  warning: { 'tier-1': 'degraded_performance', 'tier-2': 'degraded_performance', 'tier-3': 'degraded_performance' },
  info: { 'tier-1': 'operational', 'tier-2': 'operational', 'tier-3': 'operational' },
};

export function impactOf(severity: Severity, tier: string | undefined): ImpactStatus {
  const row = impactMatrix[severity];
  return tier === 'tier-1' || tier === 'tier-3' ? row[tier] : row['tier-2'];
}

export function worst<T extends ComponentStatus>(statuses: Iterable<T>, fallback: T): T {
  let result = fallback;
  for (const status of statuses) if (rank[status] > rank[result]) result = status;
  return result;
}

export function isWorse(a: ComponentStatus, b: ComponentStatus): boolean {
  return rank[a] > rank[b];
}

/** An incident's impact, from the worst status it puts on a component. */
export function incidentImpact(status: ComponentStatus): Indicator {
  switch (status) {
    case 'operational':
    case 'under_maintenance':
      return 'none';
    case 'degraded_performance':
      return 'minor';
    case 'partial_outage':
      return 'major';
    case 'major_outage':
      return 'critical';
    default:
      return assertNever(status);
  }
}

/**
 * The page's blended status (Statuspage's `status` object): the worst
 * component decides, and a page whose only trouble is maintenance says so
 * while its indicator stays `none`.
 */
export function pageStatus(statuses: readonly ComponentStatus[]): { indicator: Indicator; description: string } {
  const status = worst(statuses, 'operational');
  switch (status) {
    case 'operational':
      return { indicator: 'none', description: 'All Systems Operational' };
    case 'under_maintenance':
      return { indicator: 'none', description: 'Service Under Maintenance' };
    case 'degraded_performance':
      return { indicator: 'minor', description: 'Minor Service Outage' };
    case 'partial_outage':
      return { indicator: 'major', description: 'Partial System Outage' };
    case 'major_outage':
      return { indicator: 'critical', description: 'Major Service Outage' };
    default:
      return assertNever(status);
  }
}

/** How a person reads a component status: the words are always shown, colour only repeats them. */
export const componentStatusLabels: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/**
 * Share of a minute at each status that counts as downtime in the uptime
 * figure, as Statuspage counts it: a major outage fully, a partial outage
 * 30 %, degraded performance and maintenance not at all.
 */
export const downtimeWeight: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
