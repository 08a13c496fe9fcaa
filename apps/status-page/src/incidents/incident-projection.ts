import { eventIdFor, type IncidentEvent } from '@hookline/contracts/events';
import { impactOf, type ImpactStatus } from '../status/component-status';
import type { AutomaticUpdateKind, ImpactSnapshot, IncidentUpdate, PublicIncident, PublicIncidentStatus } from './public-incident';

export interface Projection {
  incident: PublicIncident;
  /** Updates to add, oldest first. */
  updates: IncidentUpdate[];
}

/** The public id of the correlator's incident: derived, so a replay finds the same row, and the internal id stays internal. */
export function publicIdOf(sourceIncidentId: string): string {
  return eventIdFor(`statuspage/incident/${sourceIncidentId}`);
}

/**
 * Applies one incident event (full state, revisioned) to what the status page
 * holds of that incident. Returns undefined when the event changes nothing
 * public: a test incident, one on no component, or a revision not newer than
 * the one applied. The public updates are derived from the difference between
 * the two states, so a missed intermediate event loses nothing that matters.
 *
 * `publishDelayMs` decides one thing only: whether a reopened incident had
 * ever been shown; if not, its delay starts again at the reopen.
 */
export function projectIncidentEvent(current: PublicIncident | undefined, event: IncidentEvent, publishDelayMs: number): Projection | undefined {
  const data = event.data;
  if (data.test || data.component === undefined) return undefined;
  if (current?.source && current.source.revision >= data.revision) return undefined;

  const at = timeOf(event);
  const previousImpact = current ? impactNow(current) : undefined;
  const next: PublicIncident = current
    ? { ...current }
    : {
        id: publicIdOf(data.incidentId),
        origin: 'automatic',
        components: [data.component],
        status: 'investigating',
        statusSetBy: 'automatic',
        createdAt: new Date(data.openedAt),
        updatedAt: at,
      };
  const updates: IncidentUpdate[] = [];
  const update = (kind: AutomaticUpdateKind, status: PublicIncidentStatus, when: Date) =>
    updates.push({
      id: eventIdFor(`statuspage/incident/${data.incidentId}/revision/${data.revision}/${kind}`),
      incidentId: next.id,
      status,
      kind,
      at: when,
      createdBy: 'automatic',
      impact: impactNow(next),
    });

  const reopened = current?.source?.status === 'resolved' && data.status !== 'resolved';
  next.source = { incidentId: data.incidentId, revision: data.revision, status: data.status };
  next.severity = data.severity;
  next.tier = data.tier;
  next.service = data.service;

  // The delay counts from the first public impact; a reopened incident that never showed starts over.
  const hasImpact = Object.values(impactNow({ ...next, status: 'investigating' })).some((status) => status !== 'operational');
  if (hasImpact && (next.impactSince === undefined || (reopened && !shownBefore(current, publishDelayMs)))) {
    next.impactSince = current ? at : next.createdAt;
  }

  if (next.statusSetBy === 'automatic') {
    if (!current) {
      update('opened', 'investigating', next.createdAt);
    } else if (reopened) {
      next.status = 'investigating';
      next.resolvedAt = undefined;
      update('reopened', 'investigating', at);
    }
    if (data.status === 'resolved' && next.status !== 'resolved') {
      next.status = 'resolved';
      next.resolvedAt = data.resolvedAt ? new Date(data.resolvedAt) : at;
      update('resolved', 'resolved', next.resolvedAt);
    }
  }
  if (updates.length === 0 && previousImpact && !sameImpact(previousImpact, impactNow(next))) update('impact', next.status, at);
  for (const entry of updates) if (entry.at > next.updatedAt) next.updatedAt = entry.at;
  return { incident: next, updates };
}

/**
 * The statuses the incident puts its components in now: none once it is
 * resolved, otherwise what a person chose or else the severity × tier matrix.
 */
export function impactNow(incident: Pick<PublicIncident, 'status' | 'components' | 'impactOverride' | 'severity' | 'tier'>): ImpactSnapshot {
  const snapshot: ImpactSnapshot = {};
  for (const component of incident.components) {
    let status: ImpactStatus = 'operational';
    if (incident.status !== 'resolved') {
      status = incident.impactOverride?.[component] ?? (incident.severity ? impactOf(incident.severity, incident.tier) : 'operational');
    }
    snapshot[component] = status;
  }
  return snapshot;
}

export function sameImpact(a: ImpactSnapshot, b: ImpactSnapshot): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** Whether the incident was still open when its delay ran out (maintenance aside), i.e. the public saw it. */
function shownBefore(incident: PublicIncident | undefined, publishDelayMs: number): boolean {
  if (incident?.personPostedAt) return true;
  if (!incident?.impactSince) return false;
  return incident.resolvedAt === undefined || incident.resolvedAt.getTime() >= incident.impactSince.getTime() + publishDelayMs;
}

/** When the change happened, by the incident's own clock where it has one, so a consumer running late decides the same. */
function timeOf(event: IncidentEvent): Date {
  switch (event.type) {
    case 'incident.opened':
      return new Date(event.data.openedAt);
    case 'incident.resolved':
      return new Date(event.data.resolvedAt ?? event.time);
    case 'incident.acknowledged':
      return new Date(event.data.acknowledgedAt ?? event.time);
    case 'incident.updated':
    case 'incident.reopened':
      return new Date(event.time);
    default: {
      const unexpected: never = event;
      throw new Error(`unexpected incident event ${(unexpected as IncidentEvent).type}`);
    }
  }
}
