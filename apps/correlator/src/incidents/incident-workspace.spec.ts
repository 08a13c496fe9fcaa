import { type AlertEvent, createEvent, type IncidentPolicy, type Severity, topics } from '@hookline/contracts/events';
import { type CorrelationPolicy, defaultCorrelationPolicy, type ServiceDirectory } from './correlation-policy';
import type { AlertRecord, IncidentRecord } from './incident-records';
import { type IncidentChange, IncidentWorkspace } from './incident-workspace';

const start = Date.parse('2026-11-23T10:00:00.000Z');
const minutes = (n: number) => n * 60_000;

interface AlertOptions {
  key?: string;
  severity?: Severity;
  at?: number;
  service?: string;
  grouping?: IncidentPolicy;
}

function fired(fingerprint: string, options: AlertOptions = {}): AlertEvent {
  return createEvent(
    topics.alert,
    {
      type: 'alert.fired',
      source: 'spec',
      data: {
        integrationId: 'int_spec',
        sourceKind: 'alertmanager',
        deliveryId: `delivery-${fingerprint}`,
        fingerprint,
        correlationKey: options.key ?? 'int_spec:checkout',
        severity: options.severity ?? 'error',
        alertName: 'HighErrorRate',
        summary: `errors on ${fingerprint}`,
        labels: {},
        annotations: {},
        startsAt: new Date(options.at ?? start).toISOString(),
        ...(options.service ? { service: options.service } : {}),
        ...(options.grouping ? { grouping: options.grouping } : {}),
      },
    },
    { time: new Date(options.at ?? start) },
  );
}

function transition(type: 'alert.resolved' | 'alert.acknowledged', fingerprint: string, options: AlertOptions = {}): AlertEvent {
  return createEvent(
    topics.alert,
    {
      type,
      source: 'spec',
      data: {
        integrationId: 'int_spec',
        sourceKind: 'pagerduty',
        deliveryId: `delivery-${fingerprint}`,
        fingerprint,
        correlationKey: options.key ?? 'int_spec:checkout',
        labels: {},
        annotations: {},
      },
    },
    { time: new Date(options.at ?? start) },
  );
}

const resolved = (fingerprint: string, options?: AlertOptions) => transition('alert.resolved', fingerprint, options);
const acknowledged = (fingerprint: string, options?: AlertOptions) => transition('alert.acknowledged', fingerprint, options);

/**
 * Runs units of work one after another, carrying their changes over as the
 * database would, so multi-batch behaviour (reopen after a cool-down,
 * flapping) is tested without Postgres. The Postgres path is covered by
 * correlator.int.spec.ts.
 */
class Correlator {
  readonly incidents = new Map<string, IncidentRecord>();
  readonly alerts = new Map<string, AlertRecord>();
  readonly published: IncidentChange[] = [];

  constructor(
    private readonly policy: CorrelationPolicy = defaultCorrelationPolicy,
    private readonly directory: ServiceDirectory = { describe: () => ({}) },
  ) {}

  batch(...events: AlertEvent[]): IncidentChange[] {
    return this.unitOfWork((workspace) => events.forEach((event) => workspace.applyAlert(event)));
  }

  unitOfWork(work: (workspace: IncidentWorkspace) => unknown): IncidentChange[] {
    const workspace = new IncidentWorkspace(this.policy, this.directory, {
      incidents: structuredClone([...this.incidents.values()]),
      alerts: structuredClone([...this.alerts.values()]),
    });
    work(workspace);
    const changes = workspace.changes();
    for (const id of changes.deletedIncidentIds) this.incidents.delete(id);
    for (const incident of changes.incidents) this.incidents.set(incident.id, incident);
    for (const alert of changes.alerts) this.alerts.set(`${alert.incidentId}/${alert.fingerprint}`, alert);
    this.published.push(...changes.events);
    return changes.events;
  }

  visible(): IncidentRecord[] {
    return [...this.incidents.values()].filter((incident) => incident.status !== 'pending');
  }
}

const types = (changes: readonly IncidentChange[]) => changes.map((change) => change.type);

describe('IncidentWorkspace', () => {
  describe('dedupe', () => {
    it('counts a repeated alert on the open incident instead of opening another', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a'), fired('a', { at: start + 1000 }));
      const later = correlator.batch(fired('a', { at: start + minutes(1) }));

      expect(correlator.visible()).toHaveLength(1);
      expect(types(correlator.published)).toEqual(['incident.opened']);
      expect(later).toEqual([]);
      const [alert] = [...correlator.alerts.values()];
      expect(alert).toMatchObject({ occurrences: 3, lastSeenAt: new Date(start + minutes(1)) });
      expect(correlator.visible()[0]?.lastSeenAt).toEqual(new Date(start + minutes(1)));
    });
  });

  describe('grouping', () => {
    it('joins alerts with the same correlation key into one incident, publishing one update per unit of work', () => {
      const correlator = new Correlator();
      const events = correlator.batch(fired('a'), fired('b'), fired('c'));

      expect(types(events)).toEqual(['incident.opened', 'incident.updated']);
      expect(events[1]?.data).toMatchObject({ alertCount: 3, revision: 2, status: 'open' });
      expect(correlator.visible()).toHaveLength(1);
    });

    it('keeps different correlation keys apart', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a', { key: 'k1' }), fired('b', { key: 'k2' }));

      expect(correlator.visible().map((incident) => incident.correlationKey).sort()).toEqual(['k1', 'k2']);
    });

    it('waits for the threshold of distinct alerts within the window before opening', () => {
      const correlator = new Correlator();
      const grouping = { threshold: 3, windowSeconds: 300 };

      expect(correlator.batch(fired('a', { grouping }), fired('b', { grouping, at: start + minutes(1) }))).toEqual([]);
      expect(correlator.visible()).toEqual([]);
      const opened = correlator.batch(fired('c', { grouping, at: start + minutes(2) }));

      expect(types(opened)).toEqual(['incident.opened']);
      expect(opened[0]?.data).toMatchObject({ alertCount: 3, revision: 1, openedAt: new Date(start + minutes(2)).toISOString() });
    });

    it('does not count alerts last seen before the window', () => {
      const correlator = new Correlator();
      const grouping = { threshold: 2, windowSeconds: 60 };
      correlator.batch(fired('a', { grouping }));

      expect(correlator.batch(fired('b', { grouping, at: start + minutes(5) }))).toEqual([]);
      expect(types(correlator.batch(fired('a', { grouping, at: start + minutes(5) + 1000 })))).toEqual(['incident.opened']);
    });

    it('forgets a pending group whose alerts all resolved', () => {
      const correlator = new Correlator();
      const grouping = { threshold: 2, windowSeconds: 300 };
      correlator.batch(fired('a', { grouping }));
      correlator.batch(resolved('a', { at: start + 1000 }));

      expect(correlator.incidents.size).toBe(0);
      expect(correlator.published).toEqual([]);
    });
  });

  describe('severity', () => {
    it('is the highest among firing alerts and follows them down when the worst resolves', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a', { severity: 'warning' }));
      const up = correlator.batch(fired('b', { severity: 'critical', at: start + 1000 }));
      const down = correlator.batch(resolved('b', { at: start + 2000 }));

      expect(up.map((change) => [change.type, change.data.severity])).toEqual([['incident.updated', 'critical']]);
      expect(down.map((change) => [change.type, change.data.severity])).toEqual([['incident.updated', 'warning']]);
    });
  });

  describe('lifecycle', () => {
    it('resolves when every alert in it has resolved, not before', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a'), fired('b'));

      expect(correlator.batch(resolved('a', { at: start + 1000 }))).toEqual([]);
      const events = correlator.batch(resolved('b', { at: start + 2000 }));

      expect(types(events)).toEqual(['incident.resolved']);
      expect(events[0]?.data).toMatchObject({
        status: 'resolved',
        resolvedAt: new Date(start + 2000).toISOString(),
        resolution: { reason: 'alerts_resolved' },
      });
    });

    it('reopens the same incident when an alert fires within the cool-down, and opens a new one after it', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a'));
      correlator.batch(resolved('a', { at: start + minutes(1) }));
      const first = [...correlator.incidents.keys()];

      const reopened = correlator.batch(fired('a', { at: start + minutes(3) }));
      correlator.batch(resolved('a', { at: start + minutes(4) }));
      const fresh = correlator.batch(fired('a', { at: start + minutes(4) + minutes(6) }));

      expect(types(reopened)).toEqual(['incident.reopened']);
      expect(reopened[0]?.data.incidentId).toBe(first[0]);
      expect(reopened[0]?.data).toMatchObject({ status: 'open', revision: 3 });
      expect(reopened[0]?.data.resolvedAt).toBeUndefined();
      expect(types(fresh)).toEqual(['incident.opened']);
      expect(fresh[0]?.data.incidentId).not.toBe(first[0]);
      expect(correlator.incidents.size).toBe(2);
    });

    it('acknowledges from a PagerDuty acknowledge and records who', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a'));
      const events = correlator.batch(acknowledged('a', { at: start + 5000 }));

      expect(types(events)).toEqual(['incident.acknowledged']);
      expect(events[0]?.data).toMatchObject({ status: 'acknowledged', acknowledgedAt: new Date(start + 5000).toISOString(), acknowledgedBy: 'pagerduty:int_spec' });
    });

    it('creates nothing from an acknowledge or resolve for an unknown key', () => {
      const correlator = new Correlator();
      correlator.batch(acknowledged('ghost'), resolved('ghost'));

      expect(correlator.incidents.size).toBe(0);
      expect(correlator.published).toEqual([]);
    });

    it('resolves by hand with the alerts, and refuses to acknowledge what is resolved', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a'), fired('b'));
      const id = correlator.visible()[0]?.id as string;
      const at = new Date(start + minutes(2));

      let outcome;
      const events = correlator.unitOfWork((workspace) => (outcome = workspace.resolveManually(id, 'alice', 'rolled back', at)));

      expect(outcome).toBe('changed');
      expect(events[0]?.data.resolution).toEqual({ reason: 'manual', resolvedBy: 'alice', note: 'rolled back' });
      expect([...correlator.alerts.values()].map((alert) => alert.status)).toEqual(['resolved', 'resolved']);
      correlator.unitOfWork((workspace) => (outcome = workspace.acknowledge(id, 'bob', at)));
      expect(outcome).toBe('conflict');
      correlator.unitOfWork((workspace) => (outcome = workspace.resolveManually(id, 'bob', undefined, at)));
      expect(outcome).toBe('unchanged');
    });
  });

  describe('auto-resolve', () => {
    it('resolves with reason timeout once no alert has been seen for the period, never earlier', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a', { grouping: { threshold: 1, windowSeconds: 60, autoResolveAfterSeconds: 600 } }));
      const id = correlator.visible()[0]?.id as string;

      expect(correlator.unitOfWork((workspace) => workspace.expireIfSilent(id, new Date(start + minutes(9))))).toEqual([]);
      const events = correlator.unitOfWork((workspace) => workspace.expireIfSilent(id, new Date(start + minutes(10))));

      expect(events.map((change) => change.data.resolution?.reason)).toEqual(['timeout']);
    });

    it('is off by default', () => {
      const correlator = new Correlator();
      correlator.batch(fired('a'));
      const id = correlator.visible()[0]?.id as string;

      expect(correlator.unitOfWork((workspace) => workspace.expireIfSilent(id, new Date(start + minutes(60 * 24 * 7))))).toEqual([]);
    });
  });

  describe('flapping', () => {
    const policy = { ...defaultCorrelationPolicy, flappingReopens: 2, flappingWindowSeconds: 3_600, flappingHoldDownSeconds: 600 };

    function flap(correlator: Correlator, times: number): number {
      let at = start;
      correlator.batch(fired('a', { at }));
      for (let n = 0; n < times; n += 1) {
        correlator.batch(resolved('a', { at: (at += minutes(1)) }));
        correlator.batch(fired('a', { at: (at += minutes(1)) }));
      }
      return at;
    }

    it('marks an incident that reopens more than N times within the window as flapping', () => {
      const twice = new Correlator(policy);
      flap(twice, 2);
      const thrice = new Correlator(policy);
      flap(thrice, 3);

      expect(twice.published.at(-1)).toMatchObject({ type: 'incident.reopened', data: { flapping: false } });
      expect(thrice.published.at(-1)).toMatchObject({ type: 'incident.reopened', data: { flapping: true } });
    });

    it('holds a flapping incident’s resolve down, then publishes it if nothing fired', () => {
      const correlator = new Correlator(policy);
      let at = flap(correlator, 3);
      const id = correlator.visible()[0]?.id as string;

      expect(correlator.batch(resolved('a', { at: (at += minutes(1)) }))).toEqual([]);
      expect(correlator.visible()[0]).toMatchObject({ status: 'open', resolveDueAt: new Date(at + minutes(10)) });
      expect(correlator.unitOfWork((workspace) => workspace.releaseHeldResolve(id, new Date(at + minutes(9))))).toEqual([]);
      const events = correlator.unitOfWork((workspace) => workspace.releaseHeldResolve(id, new Date(at + minutes(10))));

      expect(types(events)).toEqual(['incident.resolved']);
      expect(events[0]?.data.resolvedAt).toBe(new Date(at + minutes(10)).toISOString());
    });

    it('cancels the held resolve when the alert fires again during the hold-down', () => {
      const correlator = new Correlator(policy);
      let at = flap(correlator, 3);
      const id = correlator.visible()[0]?.id as string;
      correlator.batch(resolved('a', { at: (at += minutes(1)) }));

      expect(correlator.batch(fired('a', { at: at + minutes(2) }))).toEqual([]);
      expect(correlator.unitOfWork((workspace) => workspace.releaseHeldResolve(id, new Date(at + minutes(20))))).toEqual([]);
      expect(correlator.visible()[0]).toMatchObject({ status: 'open' });
      expect(correlator.visible()[0]?.resolveDueAt).toBeUndefined();
    });
  });

  it('takes tier, team and component from the service catalog', () => {
    const directory = { describe: (service: string) => (service === 'checkout-api' ? { tier: 'tier-1', team: 'payments', component: 'checkout' } : {}) };
    const correlator = new Correlator(defaultCorrelationPolicy, directory);
    const [opened] = correlator.batch(fired('a', { service: 'checkout-api' }));

    expect(opened?.data).toMatchObject({ service: 'checkout-api', tier: 'tier-1', team: 'payments', component: 'checkout' });
  });

  it('decides the same incident ids and events when a batch is replayed from the same state', () => {
    const events = [fired('a'), fired('b', { key: 'other' }), resolved('a', { at: start + 1000 })];

    expect(new Correlator().batch(...events)).toEqual(new Correlator().batch(...events));
  });
});
