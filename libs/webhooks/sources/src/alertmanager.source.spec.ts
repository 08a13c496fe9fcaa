import type { AlertEvent } from '@hookline/contracts/events';
import { type Json, loadFixture, receivedAt, testContext } from './fixtures/fixtures';
import { normaliseDelivery } from './normalise-delivery';

const delivery = (): Json => structuredClone(loadFixture('alertmanager-two-alerts-firing'));
const alertsOf = (payload: Json) => payload['alerts'] as Json[];
const alertAt = (payload: Json, index: number) => alertsOf(payload)[index] as Json;

function normalise(payload: unknown, context = testContext()): AlertEvent[] {
  const result = normaliseDelivery('alertmanager', payload, context);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.alerts;
}

function problemsOf(payload: unknown): string[] {
  const result = normaliseDelivery('alertmanager', payload, testContext());
  if (result.ok) throw new Error('expected the payload to be refused');
  return result.problems;
}

describe('Alertmanager deliveries', () => {
  it('publishes one event per alert, keeping each alert’s fingerprint', () => {
    const events = normalise(delivery());

    expect(events.map((event) => [event.type, event.data.fingerprint])).toEqual([
      ['alert.fired', 'f404ecabc8dd5cd7'],
      ['alert.fired', 'f8f08d4e32c61a9d'],
    ]);
  });

  it('passes the integration’s incident policy on with every alert, and nothing when it has none', () => {
    const incidentPolicy = { threshold: 3, windowSeconds: 120, autoResolveAfterSeconds: 3_600 };

    expect(normalise(delivery(), { ...testContext(), incidentPolicy }).map((event) => event.data.grouping)).toEqual([incidentPolicy, incidentPolicy]);
    expect(normalise(delivery()).map((event) => event.data.grouping)).toEqual([undefined, undefined]);
  });

  it('does not pass on the zero time a firing alert carries as endsAt', () => {
    const [event] = normalise(delivery());

    expect(event?.data).not.toHaveProperty('endsAt');
  });

  it('names, rates and summarises an alert from its labels and annotations', () => {
    const [event] = normalise(delivery());

    expect(event?.data).toMatchObject({
      alertName: 'InstanceDown',
      severity: 'critical',
      summary: 'Instance localhost:8081 down',
      description: 'localhost:8081 of job node has been down for more than 1 minute.',
      service: 'node',
      startsAt: '2023-06-12T08:24:38.326Z',
      labels: { job: 'node', group: 'production', instance: 'localhost:8081', severity: 'critical', alertname: 'InstanceDown' },
    });
  });

  it('publishes a resolved alert as alert.resolved with its end time', () => {
    const payload = delivery();
    Object.assign(alertAt(payload, 1), { status: 'resolved', endsAt: '2023-06-12T08:30:00.5+02:00' });

    const events = normalise(payload);

    expect(events.map((event) => event.type)).toEqual(['alert.fired', 'alert.resolved']);
    expect(events[1]?.data.endsAt).toBe('2023-06-12T06:30:00.500Z');
  });

  it('keys every alert of a group to the integration and the group’s groupKey', () => {
    const events = normalise(delivery());

    expect(new Set(events.map((event) => event.data.correlationKey))).toEqual(new Set(['int_test0000000000000000000:{}:{alertname="InstanceDown"}']));
  });

  it('tolerates keys it does not know, such as notification_reason and routeLabels', () => {
    const payload = { ...delivery(), notification_reason: 'first notification', routeLabels: { team: 'sre' }, somethingNew: [1, 2] };
    alertAt(payload, 0)['futureField'] = { nested: true };

    expect(normalise(payload)).toHaveLength(2);
  });

  it('takes the service from the job label when there is no service label', () => {
    const [event] = normalise(delivery());

    expect(event?.data.service).toBe('node');
  });

  it('falls back to the integration’s service when the alert names none', () => {
    const payload = delivery();
    for (const alert of alertsOf(payload)) delete (alert['labels'] as Json)['job'];

    const [event] = normalise(payload, testContext({ defaultService: 'checkout' }));

    expect(event?.data.service).toBe('checkout');
  });

  it('maps an unknown severity label to warning', () => {
    const payload = delivery();
    (alertAt(payload, 0)['labels'] as Json)['severity'] = 'sev-unknown';

    const [event] = normalise(payload);

    expect(event?.data).toMatchObject({ severity: 'warning' });
  });

  it('computes Alertmanager’s fingerprint for a sender that leaves it out', () => {
    const payload = delivery();
    alertsOf(payload)[0] = {
      status: 'firing',
      labels: { alertname: 'alert1', lbl1: 'val1' },
      startsAt: '2024-05-01T12:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    };

    const [event] = normalise(payload);

    expect(event?.data.fingerprint).toBe('fac0861a85de433a');
  });

  it('stamps the events with the delivery they came in', () => {
    const [event] = normalise(delivery());

    expect(event).toMatchObject({ source: 'hookline/ingress', causationId: 'delivery-1', subject: 'f404ecabc8dd5cd7', time: receivedAt.toISOString() });
    expect(event?.data).toMatchObject({ integrationId: 'int_test0000000000000000000', deliveryId: 'delivery-1', sourceKind: 'alertmanager', test: false });
  });

  it('leaves out an empty generatorURL', () => {
    const [event] = normalise(delivery());

    expect(event?.data).not.toHaveProperty('generatorUrl');
  });

  it('refuses labels that are not an object, naming the alert', () => {
    const payload = delivery();
    alertAt(payload, 0)['labels'] = 'alertname=InstanceDown';

    expect(problemsOf(payload)).toEqual(['alerts.0.labels: expected object, received string']);
  });

  it('refuses a webhook version other than 4', () => {
    expect(problemsOf({ ...delivery(), version: '5' })).toEqual(['version: expected "4"']);
  });

  it('refuses an alert without a start time', () => {
    const payload = delivery();
    delete alertAt(payload, 1)['startsAt'];

    expect(problemsOf(payload)).toEqual(['alerts.1.startsAt: required (string)']);
  });

  it('refuses more than 1,000 alerts in one delivery', () => {
    const payload = delivery();
    const [first] = alertsOf(payload);
    payload['alerts'] = Array.from({ length: 1_001 }, () => first);

    expect(problemsOf(payload)).toEqual(['alerts: expected array to have <=1000 items']);
  });
});
