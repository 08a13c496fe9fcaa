import type { AlertEvent } from '@hookline/contracts/events';
import { fixturePart, testContext } from './fixtures/fixtures';
import { normaliseDelivery } from './normalise-delivery';

const fixture = 'generic-monitor-events';

function normalise(body: unknown, context = testContext()): AlertEvent {
  const result = normaliseDelivery('generic', body, context);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  expect(result.alerts).toHaveLength(1);
  return result.alerts[0] as AlertEvent;
}

describe('generic monitor events', () => {
  it('publishes monitor.down as a critical fired alert that started with the incident', () => {
    const event = normalise(fixturePart(fixture, 'down'));

    expect(event).toMatchObject({
      type: 'alert.fired',
      data: {
        fingerprint: 'mon_abc123',
        alertName: 'Production API',
        summary: 'Production API is down (HTTP 500, 2500 ms, from us-east)',
        severity: 'critical',
        startsAt: '2026-01-31T14:28:00.000Z',
        labels: { monitor_id: 'mon_abc123', monitor_type: 'http' },
        annotations: { monitor_url: 'https://api.example.com', check_status: 'down', response_code: '500', location: 'us-east', incident_id: 'inc_xyz789' },
      },
    });
  });

  it('publishes monitor.up as the resolution of the same alert, ending at the event’s time', () => {
    const event = normalise(fixturePart(fixture, 'up'));

    expect(event).toMatchObject({
      type: 'alert.resolved',
      data: { fingerprint: 'mon_abc123', startsAt: '2026-01-31T14:28:00.000Z', endsAt: '2026-01-31T14:41:00.000Z', summary: 'Production API is up (HTTP 200, 180 ms, from us-east)' },
    });
  });

  it('keys a down and its up alike, by service and monitor name', () => {
    const context = testContext({ defaultService: 'api' });

    const keys = [normalise(fixturePart(fixture, 'down'), context), normalise(fixturePart(fixture, 'up'), context)].map((event) => event.data.correlationKey);

    expect(keys).toEqual(['int_test0000000000000000000:api/Production API', 'int_test0000000000000000000:api/Production API']);
  });

  it('rates a degraded monitor as warning', () => {
    expect(normalise({ ...fixturePart(fixture, 'down'), event_type: 'monitor.degraded' }).data.severity).toBe('warning');
  });

  it('takes the severity, service and labels the monitor declares', () => {
    const down = fixturePart(fixture, 'down');
    Object.assign(down['monitor'] as object, { severity: 'P3', service: 'checkout', labels: { team: 'payments' } });

    expect(normalise(down).data).toMatchObject({ severity: 'warning', service: 'checkout', labels: { team: 'payments', monitor_id: 'mon_abc123' } });
  });

  it('accepts a numeric monitor id', () => {
    const down = fixturePart(fixture, 'down');
    (down['monitor'] as Record<string, unknown>)['id'] = 42;

    expect(normalise(down).data.fingerprint).toBe('42');
  });

  it('starts the alert at the event’s time when there is no incident', () => {
    const { incident: _incident, ...down } = fixturePart(fixture, 'down');

    expect(normalise(down).data.startsAt).toBe('2026-01-31T14:30:00.000Z');
  });

  it('refuses an event type it does not know', () => {
    expect(normaliseDelivery('generic', { ...fixturePart(fixture, 'down'), event_type: 'monitor.paused' }, testContext())).toEqual({
      ok: false,
      problems: ['event_type: expected one of "monitor.down"|"monitor.failing"|"monitor.degraded"|"monitor.up"|"monitor.recovered"'],
    });
  });

  it('refuses an event without a monitor name', () => {
    const down = fixturePart(fixture, 'down');
    (down['monitor'] as Record<string, unknown>)['name'] = '  ';

    expect(normaliseDelivery('generic', down, testContext())).toEqual({ ok: false, problems: ['monitor.name: must not be empty'] });
  });
});
