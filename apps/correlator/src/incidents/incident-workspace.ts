import {
  type AlertEvent,
  type AlertFiredData,
  type AlertTransitionData,
  eventIdFor,
  fieldLimits,
  type IncidentData,
  type IncidentEventType,
  type IncidentResolution,
  type Severity,
} from '@hookline/contracts/events';
import type { CorrelationPolicy, ServiceDirectory } from './correlation-policy';
import {
  type AlertRecord,
  countFiring,
  firingCount,
  highestFiring,
  type IncidentRecord,
  noneFiring,
  type TimelineEntry,
  type TimelineKind,
  toIncidentData,
} from './incident-records';

/** An incident event decided by the workspace, to be written to the outbox. */
export interface IncidentChange {
  type: IncidentEventType;
  data: IncidentData;
  /** The alert event (or API request) that caused it. */
  causationId?: string;
}

/** Everything a unit of work changed, ready to be written in one transaction. */
export interface WorkspaceChanges {
  /** Incidents to insert or update: rows that exist in the database first, so "one active incident per key" holds at every row. */
  incidents: IncidentRecord[];
  deletedIncidentIds: string[];
  alerts: AlertRecord[];
  timeline: TimelineEntry[];
  events: IncidentChange[];
}

export type CommandOutcome = 'changed' | 'unchanged' | 'not_found' | 'conflict';

/**
 * The incident state machine over the incidents one unit of work touches
 * (a batch of alerts, an API call, a timer). Pure: the caller loads the
 * records (under a lock on their correlation keys), applies events in order,
 * and writes `changes()` back in one transaction with the outbox.
 *
 * Alert-driven transitions use the alert event's time, not the clock, so a
 * replayed batch decides exactly what the first run decided.
 *
 * Within one unit of work, status changes publish one event each, while
 * changes that keep the status (severity, alert count, flapping) coalesce
 * into one `incident.updated` per incident: every event carries the full
 * state, so consumers lose nothing, and an alert storm does not become an
 * update storm downstream.
 */
export class IncidentWorkspace {
  /** The latest incident of each correlation key: the only one a new alert can join. */
  private readonly latestByKey = new Map<string, IncidentRecord>();
  private readonly byId = new Map<string, IncidentRecord>();
  private readonly alerts = new Map<string, AlertRecord>();
  private readonly stored = new Set<string>();
  private readonly touchedIncidents = new Set<string>();
  private readonly deleted = new Set<string>();
  private readonly touchedAlerts = new Set<string>();
  private readonly timeline: TimelineEntry[] = [];
  private readonly events: IncidentChange[] = [];
  /** Incidents with a public change not yet published, and what caused it. */
  private readonly unpublished = new Map<string, string | undefined>();

  constructor(
    private readonly policy: CorrelationPolicy,
    private readonly directory: ServiceDirectory,
    loaded: { incidents: readonly IncidentRecord[]; alerts: readonly AlertRecord[] },
  ) {
    for (const incident of loaded.incidents) {
      this.byId.set(incident.id, incident);
      this.stored.add(incident.id);
      const latest = this.latestByKey.get(incident.correlationKey);
      if (!latest || latest.openedAt < incident.openedAt) this.latestByKey.set(incident.correlationKey, incident);
    }
    for (const alert of loaded.alerts) this.alerts.set(alertKey(alert.incidentId, alert.integrationId, alert.fingerprint), alert);
  }

  incident(id: string): IncidentRecord | undefined {
    return this.deleted.has(id) ? undefined : this.byId.get(id);
  }

  applyAlert(event: AlertEvent): void {
    const at = new Date(event.time);
    switch (event.type) {
      case 'alert.fired':
        return this.fire(event.id, event.data, at);
      case 'alert.resolved':
        return this.resolveAlert(event.id, event.data, at);
      case 'alert.acknowledged':
        return this.acknowledgeFromAlert(event.id, event.data, at);
    }
  }

  /** `POST /api/incidents/:id/acknowledge`. */
  acknowledge(id: string, by: string | undefined, at: Date, causationId?: string): CommandOutcome {
    const incident = this.incident(id);
    if (!incident || incident.status === 'pending') return 'not_found';
    if (incident.status === 'resolved') return 'conflict';
    if (incident.status === 'acknowledged') return 'unchanged';
    this.markAcknowledged(incident, by, at, causationId);
    return 'changed';
  }

  /** `POST /api/incidents/:id/resolve`: resolves its alerts too, as resolving a PagerDuty incident does. */
  resolveManually(id: string, by: string | undefined, note: string | undefined, at: Date, causationId?: string): CommandOutcome {
    const incident = this.incident(id);
    if (!incident || incident.status === 'pending') return 'not_found';
    if (incident.status === 'resolved') return 'unchanged';
    this.resolveAllAlerts(incident, at);
    this.resolveIncident(incident, { reason: 'manual', ...(by ? { resolvedBy: by } : {}), ...(note ? { note } : {}) }, at, causationId);
    return 'changed';
  }

  /** Auto-resolve: no alert of it seen for the integration's period. */
  expireIfSilent(id: string, now: Date): boolean {
    const incident = this.incident(id);
    if (!incident || (incident.status !== 'open' && incident.status !== 'acknowledged')) return false;
    if (incident.autoResolveAfterSeconds === undefined) return false;
    if (now.getTime() - incident.lastSeenAt.getTime() < incident.autoResolveAfterSeconds * 1000) return false;
    this.resolveAllAlerts(incident, now);
    this.resolveIncident(incident, { reason: 'timeout' }, now);
    return true;
  }

  /** Publishes a flapping incident's held-down resolve once its hold-down has passed without a new firing alert. */
  releaseHeldResolve(id: string, now: Date): boolean {
    const incident = this.incident(id);
    if (!incident?.resolveDueAt || incident.resolveDueAt > now) return false;
    if (incident.status === 'resolved' || firingCount(incident.firing) > 0) {
      incident.resolveDueAt = undefined;
      this.touch(incident);
      return false;
    }
    this.resolveIncident(incident, { reason: 'alerts_resolved' }, incident.resolveDueAt);
    return true;
  }

  /** What changed, with a trailing `incident.updated` for each incident whose last public change is not yet published. */
  changes(): WorkspaceChanges {
    for (const [id, causationId] of [...this.unpublished]) {
      const incident = this.byId.get(id);
      if (incident && !this.deleted.has(id) && incident.status !== 'pending') this.publish(incident, 'incident.updated', causationId);
    }
    this.unpublished.clear();
    const incidents = [...this.touchedIncidents]
      .filter((id) => !this.deleted.has(id))
      .map((id) => this.byId.get(id) as IncidentRecord)
      .sort((a, b) => Number(this.stored.has(b.id)) - Number(this.stored.has(a.id)));
    return {
      incidents,
      deletedIncidentIds: [...this.deleted].filter((id) => this.stored.has(id)),
      alerts: [...this.touchedAlerts]
        .map((key) => this.alerts.get(key) as AlertRecord)
        .filter((alert) => !this.deleted.has(alert.incidentId)),
      timeline: this.timeline.filter((entry) => !this.deleted.has(entry.incidentId)),
      events: this.events,
    };
  }

  private fire(eventId: string, data: AlertFiredData, at: Date): void {
    let incident = this.latestByKey.get(data.correlationKey);
    let reopening = false;
    if (incident?.status === 'resolved') {
      const sinceResolved = at.getTime() - (incident.resolvedAt ?? at).getTime();
      reopening = sinceResolved <= this.policy.reopenCooldownSeconds * 1000;
      if (!reopening) incident = undefined;
    }
    incident ??= this.createPending(eventId, data, at);
    this.recordFiring(incident, data, at, eventId);
    if (reopening) this.reopen(incident, at, eventId);
    else if (incident.status === 'pending' && this.thresholdReached(incident, at)) {
      incident.status = 'open';
      incident.openedAt = at;
      this.record(incident, at, 'opened');
      this.publish(incident, 'incident.opened', eventId);
    }
  }

  private resolveAlert(eventId: string, data: AlertTransitionData, at: Date): void {
    // PagerDuty semantics: a resolve for a key with no incident creates nothing.
    const incident = this.latestByKey.get(data.correlationKey);
    if (!incident || this.deleted.has(incident.id)) return;
    const alert = this.alerts.get(alertKey(incident.id, data.integrationId, data.fingerprint));
    if (!alert || alert.status === 'resolved') return;
    this.setAlertResolved(incident, alert, at);
    this.record(incident, at, 'alert_resolved', alert.fingerprint);
    if (incident.status === 'resolved') return;
    if (firingCount(incident.firing) > 0) {
      this.refreshSeverity(incident, at, eventId);
      return;
    }
    if (incident.status === 'pending') {
      this.deleted.add(incident.id);
      this.latestByKey.delete(incident.correlationKey);
      return;
    }
    if (incident.flapping) {
      incident.resolveDueAt = new Date(at.getTime() + this.policy.flappingHoldDownSeconds * 1000);
      this.record(incident, at, 'resolve_held_down', undefined, { until: incident.resolveDueAt.toISOString() });
      return;
    }
    this.resolveIncident(incident, { reason: 'alerts_resolved' }, at, eventId);
  }

  private acknowledgeFromAlert(eventId: string, data: AlertTransitionData, at: Date): void {
    const incident = this.latestByKey.get(data.correlationKey);
    if (!incident || incident.status !== 'open') return;
    const alert = this.alerts.get(alertKey(incident.id, data.integrationId, data.fingerprint));
    if (alert) this.record(incident, at, 'alert_acknowledged', alert.fingerprint);
    this.markAcknowledged(incident, `${data.sourceKind}:${data.integrationId}`, at, eventId);
  }

  private createPending(eventId: string, data: AlertFiredData, at: Date): IncidentRecord {
    const catalog = data.service === undefined ? {} : this.directory.describe(data.service);
    const incident: IncidentRecord = {
      // Derived from the alert event that started it, so a replay after a crash finds the same id.
      id: eventIdFor(`incident/${eventId}`),
      correlationKey: data.correlationKey,
      integrationId: data.integrationId,
      status: 'pending',
      revision: 0,
      title: data.summary.slice(0, fieldLimits.titleLength),
      severity: data.severity,
      ...(data.service === undefined ? {} : { service: data.service }),
      ...catalog,
      openedAt: at,
      lastSeenAt: at,
      alertCount: 0,
      firing: noneFiring(),
      flapping: false,
      reopenedAt: [],
      groupThreshold: data.grouping?.threshold ?? this.policy.defaultGroupThreshold,
      groupWindowSeconds: data.grouping?.windowSeconds ?? this.policy.defaultGroupWindowSeconds,
      ...(data.grouping?.autoResolveAfterSeconds === undefined ? {} : { autoResolveAfterSeconds: data.grouping.autoResolveAfterSeconds }),
      test: data.test,
    };
    this.byId.set(incident.id, incident);
    this.latestByKey.set(incident.correlationKey, incident);
    this.touch(incident);
    return incident;
  }

  /** Adds the alert to the incident or, when it is already in it, counts the repeat. */
  private recordFiring(incident: IncidentRecord, data: AlertFiredData, at: Date, eventId: string): void {
    const key = alertKey(incident.id, data.integrationId, data.fingerprint);
    const alert = this.alerts.get(key);
    if (!alert) {
      this.alerts.set(key, {
        incidentId: incident.id,
        integrationId: data.integrationId,
        fingerprint: data.fingerprint,
        status: 'firing',
        severity: data.severity,
        alertName: data.alertName,
        summary: data.summary,
        firstSeenAt: at,
        lastSeenAt: at,
        occurrences: 1,
      });
      incident.alertCount += 1;
      countFiring(incident.firing, data.severity, 1);
      this.record(incident, at, 'alert_fired', data.fingerprint, { severity: data.severity });
      this.markUpdated(incident, eventId);
    } else {
      if (alert.status === 'resolved') {
        alert.status = 'firing';
        countFiring(incident.firing, data.severity, 1);
        this.record(incident, at, 'alert_refired', data.fingerprint);
      } else if (alert.severity !== data.severity) {
        countFiring(incident.firing, alert.severity, -1);
        countFiring(incident.firing, data.severity, 1);
      }
      alert.severity = data.severity;
      alert.summary = data.summary;
      alert.occurrences += 1;
      if (at > alert.lastSeenAt) alert.lastSeenAt = at;
    }
    this.touchedAlerts.add(key);
    if (at > incident.lastSeenAt) incident.lastSeenAt = at;
    if (incident.resolveDueAt) {
      incident.resolveDueAt = undefined;
      this.record(incident, at, 'alert_refired', data.fingerprint, { cancelledHeldResolve: true });
    }
    this.refreshSeverity(incident, at, eventId);
    this.touch(incident);
  }

  private thresholdReached(incident: IncidentRecord, at: Date): boolean {
    if (incident.groupThreshold <= 1) return true;
    const windowStart = at.getTime() - incident.groupWindowSeconds * 1000;
    let recent = 0;
    for (const alert of this.alerts.values()) {
      if (alert.incidentId === incident.id && alert.status === 'firing' && alert.lastSeenAt.getTime() >= windowStart) recent += 1;
    }
    return recent >= incident.groupThreshold;
  }

  private reopen(incident: IncidentRecord, at: Date, causationId: string): void {
    const windowStart = at.getTime() - this.policy.flappingWindowSeconds * 1000;
    incident.reopenedAt = [...incident.reopenedAt.filter((time) => time.getTime() > windowStart), at];
    const wasFlapping = incident.flapping;
    incident.flapping = incident.reopenedAt.length > this.policy.flappingReopens;
    incident.status = 'open';
    incident.resolvedAt = undefined;
    incident.resolution = undefined;
    incident.acknowledgedAt = undefined;
    incident.acknowledgedBy = undefined;
    this.record(incident, at, 'reopened');
    if (incident.flapping && !wasFlapping) this.record(incident, at, 'flapping_started', undefined, { reopens: incident.reopenedAt.length });
    this.publish(incident, 'incident.reopened', causationId);
  }

  private markAcknowledged(incident: IncidentRecord, by: string | undefined, at: Date, causationId?: string): void {
    incident.status = 'acknowledged';
    incident.acknowledgedAt = at;
    incident.acknowledgedBy = by;
    this.record(incident, at, 'acknowledged', undefined, by ? { by } : undefined);
    this.publish(incident, 'incident.acknowledged', causationId);
  }

  private resolveIncident(incident: IncidentRecord, resolution: IncidentResolution, at: Date, causationId?: string): void {
    incident.status = 'resolved';
    incident.resolvedAt = at;
    incident.resolution = resolution;
    incident.resolveDueAt = undefined;
    this.record(incident, at, 'resolved', undefined, { ...resolution });
    this.publish(incident, 'incident.resolved', causationId);
  }

  private resolveAllAlerts(incident: IncidentRecord, at: Date): void {
    for (const alert of this.alerts.values()) {
      if (alert.incidentId === incident.id && alert.status === 'firing') this.setAlertResolved(incident, alert, at);
    }
    // Commands load every alert of the incident, so the counts are already zero; this keeps them honest regardless.
    incident.firing = noneFiring();
  }

  private setAlertResolved(incident: IncidentRecord, alert: AlertRecord, at: Date): void {
    alert.status = 'resolved';
    if (at > alert.lastSeenAt) alert.lastSeenAt = at;
    countFiring(incident.firing, alert.severity, -1);
    this.touchedAlerts.add(alertKey(alert.incidentId, alert.integrationId, alert.fingerprint));
    this.touch(incident);
  }

  /** Severity is the highest among firing alerts; with none firing it keeps its last value. */
  private refreshSeverity(incident: IncidentRecord, at: Date, causationId: string): void {
    const highest: Severity | undefined = highestFiring(incident.firing);
    if (!highest || highest === incident.severity) return;
    this.record(incident, at, 'severity_changed', undefined, { from: incident.severity, to: highest });
    incident.severity = highest;
    this.markUpdated(incident, causationId);
  }

  private markUpdated(incident: IncidentRecord, causationId: string | undefined): void {
    this.unpublished.set(incident.id, causationId);
    this.touch(incident);
  }

  private publish(incident: IncidentRecord, type: IncidentEventType, causationId: string | undefined): void {
    incident.revision += 1;
    this.events.push({ type, data: toIncidentData(incident), ...(causationId ? { causationId } : {}) });
    this.unpublished.delete(incident.id);
    this.touch(incident);
  }

  private record(incident: IncidentRecord, at: Date, kind: TimelineKind, fingerprint?: string, detail?: Record<string, unknown>): void {
    this.timeline.push({ incidentId: incident.id, at, kind, ...(fingerprint ? { fingerprint } : {}), ...(detail ? { detail } : {}) });
  }

  private touch(incident: IncidentRecord): void {
    this.touchedIncidents.add(incident.id);
  }
}

function alertKey(incidentId: string, integrationId: string, fingerprint: string): string {
  return `${incidentId}\u0000${integrationId}\u0000${fingerprint}`;
}
