import { randomUUID } from 'node:crypto';
import { createEvent, type IncidentData, type IncidentEvent, type IncidentEventType, type Severity, topics } from '@hookline/contracts/events';

/**
 * Writes the `correlator.incident.v1` events of one incident as the
 * correlator would publish them: full state each time, revision + 1 per
 * event, the event time when the change happened.
 */
export class IncidentStory {
  readonly incidentId = randomUUID();
  private state: IncidentData;

  constructor(service: string, openedAt: string, extra: Partial<Pick<IncidentData, 'component' | 'team' | 'tier' | 'severity' | 'test'>> = {}) {
    this.state = {
      incidentId: this.incidentId,
      revision: 0,
      correlationKey: `spec/${service}/${this.incidentId}`,
      title: `${service} is down`,
      status: 'open',
      severity: extra.severity ?? 'critical',
      service,
      ...(extra.tier ? { tier: extra.tier } : {}),
      ...(extra.team ? { team: extra.team } : {}),
      ...(extra.component ? { component: extra.component } : {}),
      openedAt,
      alertCount: 1,
      flapping: false,
      test: extra.test ?? false,
    };
  }

  opened(): IncidentEvent {
    return this.next('incident.opened', this.state.openedAt, {});
  }

  escalated(at: string, severity: Severity): IncidentEvent {
    return this.next('incident.updated', at, { severity, alertCount: this.state.alertCount + 1 });
  }

  acknowledged(at: string, by = 'alice'): IncidentEvent {
    return this.next('incident.acknowledged', at, { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by });
  }

  resolved(at: string): IncidentEvent {
    return this.next('incident.resolved', at, { status: 'resolved', resolvedAt: at, resolution: { reason: 'alerts_resolved' } });
  }

  reopened(at: string): IncidentEvent {
    const { resolvedAt: _resolvedAt, resolution: _resolution, acknowledgedAt: _acknowledgedAt, acknowledgedBy: _acknowledgedBy, ...rest } = this.state;
    this.state = { ...rest, status: 'open' };
    return this.next('incident.reopened', at, {});
  }

  private next(type: IncidentEventType, at: string, change: Partial<IncidentData>): IncidentEvent {
    this.state = { ...this.state, ...change, revision: this.state.revision + 1 };
    return createEvent(topics.incident, { type, source: 'hookline/correlator', subject: this.incidentId, data: this.state }, { time: new Date(at) });
  }
}
