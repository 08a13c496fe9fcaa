import type { IncidentData, IncidentResolution, Severity } from '@hookline/contracts/events';
import { optionalField, severities } from '@hookline/contracts/events';

/**
 * `pending`: alerts are gathering but fewer than the integration's threshold
 * fire within its window; nothing has been published and the read API hides it.
 */
export type IncidentRecordStatus = 'pending' | 'open' | 'acknowledged' | 'resolved';

/** Firing alerts per severity, in the order of `severities` (critical first). */
export type SeverityCounts = [number, number, number, number];

/** One incident as the correlator stores it: the published state plus what it needs to decide the next one. */
export interface IncidentRecord {
  id: string;
  correlationKey: string;
  integrationId: string;
  status: IncidentRecordStatus;
  /** Revision of the last published event; 0 while pending. */
  revision: number;
  title: string;
  severity: Severity;
  service?: string;
  tier?: string;
  team?: string;
  component?: string;
  openedAt: Date;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  resolvedAt?: Date;
  resolution?: IncidentResolution;
  lastSeenAt: Date;
  alertCount: number;
  firing: SeverityCounts;
  flapping: boolean;
  /** When it reopened recently, to tell flapping from a one-off relapse. */
  reopenedAt: Date[];
  /** A flapping incident's resolve, held down until then; cancelled by a new firing alert. */
  resolveDueAt?: Date;
  groupThreshold: number;
  groupWindowSeconds: number;
  autoResolveAfterSeconds?: number;
  test: boolean;
}

export type AlertRecordStatus = 'firing' | 'resolved';

/** One distinct alert (integration + fingerprint) inside one incident. */
export interface AlertRecord {
  incidentId: string;
  integrationId: string;
  fingerprint: string;
  status: AlertRecordStatus;
  severity: Severity;
  alertName: string;
  summary: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Every notification of this alert, repeats and retries included. */
  occurrences: number;
}

export type TimelineKind =
  | 'alert_fired'
  | 'alert_refired'
  | 'alert_resolved'
  | 'alert_acknowledged'
  | 'opened'
  | 'acknowledged'
  | 'resolved'
  | 'reopened'
  | 'severity_changed'
  | 'flapping_started'
  | 'resolve_held_down';

export interface TimelineEntry {
  incidentId: string;
  at: Date;
  kind: TimelineKind;
  fingerprint?: string;
  detail?: Record<string, unknown>;
}

export const noneFiring = (): SeverityCounts => [0, 0, 0, 0];

export function firingCount(counts: SeverityCounts): number {
  return counts[0] + counts[1] + counts[2] + counts[3];
}

/** The highest severity with a firing alert, or undefined when none fires. */
export function highestFiring(counts: SeverityCounts): Severity | undefined {
  const index = counts.findIndex((count) => count > 0);
  return index < 0 ? undefined : severities[index];
}

/** Counts one more (or one fewer) firing alert of this severity; never below zero. */
export function countFiring(counts: SeverityCounts, severity: Severity, delta: 1 | -1): void {
  const index = severities.indexOf(severity) as 0 | 1 | 2 | 3;
  counts[index] = Math.max(0, counts[index] + delta);
}

/** The incident as published on `correlator.incident.v1`. */
export function toIncidentData(incident: IncidentRecord): IncidentData {
  if (incident.status === 'pending') throw new Error(`incident ${incident.id} is pending and has no public state`);
  return {
    incidentId: incident.id,
    revision: incident.revision,
    correlationKey: incident.correlationKey,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    ...optionalField('service', incident.service),
    ...optionalField('tier', incident.tier),
    ...optionalField('team', incident.team),
    ...optionalField('component', incident.component),
    openedAt: incident.openedAt.toISOString(),
    ...optionalField('acknowledgedAt', incident.acknowledgedAt?.toISOString()),
    ...optionalField('acknowledgedBy', incident.acknowledgedBy),
    ...optionalField('resolvedAt', incident.resolvedAt?.toISOString()),
    ...optionalField('resolution', incident.resolution),
    alertCount: incident.alertCount,
    flapping: incident.flapping,
    test: incident.test,
  };
}
