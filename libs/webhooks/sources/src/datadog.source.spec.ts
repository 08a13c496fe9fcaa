import type { AlertEvent } from '@hookline/contracts/events';
import { datadogRecommendedTemplate } from './datadog-template';
import { testContext } from './fixtures/fixtures';
import { normaliseDelivery } from './normalise-delivery';

/**
 * Fills the recommended template the way Datadog does: each $VARIABLE becomes
 * its value, JSON-escaped inside the template's quotes; an unavailable one "".
 */
function datadogDelivery(values: Record<string, string>): unknown {
  const filled = datadogRecommendedTemplate.replace(/\$[A-Z_]+/g, (name) => JSON.stringify(values[name] ?? '').slice(1, -1));
  return JSON.parse(filled);
}

const triggered = {
  $ALERT_ID: '1234',
  $ALERT_TRANSITION: 'Triggered',
  $ALERT_CYCLE_KEY: '7012984517309087046',
  $AGGREG_KEY: '9bd4ac313a4d1e8fae2482df7b77628',
  $ALERT_SCOPE: 'host:web-1,availability-zone:us-east-1a',
  $ALERT_TYPE: 'error',
  $ALERT_PRIORITY: 'P1',
  $ALERT_STATUS: 'system.load.1 over host:web-1 was > 4 on average during the last 5m',
  $ALERT_METRIC: 'system.load.1',
  $TAGS: 'env:prod,service:checkout,team:payments',
  $DATE: '1706711400000',
  $EVENT_TITLE: '[P1] [Triggered on {host:web-1,availability-zone:us-east-1a}] Load is high',
  $EVENT_MSG: 'Load is high on "web-1".\n@webhook-hookline',
  $LINK: 'https://app.datadoghq.com/event/event?id=1234',
  $HOSTNAME: 'web-1',
  $ID: '8675309',
  $ORG_ID: '42',
  $ORG_NAME: 'Example',
};
const recovered = {
  ...triggered,
  $ALERT_TRANSITION: 'Recovered',
  $ALERT_TYPE: 'success',
  $DATE: '1706712000000',
  $EVENT_TITLE: '[P1] [Recovered on {host:web-1,availability-zone:us-east-1a}] Load is high',
};

function normalise(values: Record<string, string>, context = testContext()): AlertEvent {
  const result = normaliseDelivery('datadog', datadogDelivery(values), context);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  expect(result.alerts).toHaveLength(1);
  return result.alerts[0] as AlertEvent;
}

function problemsOf(values: Record<string, string>): string[] {
  const result = normaliseDelivery('datadog', datadogDelivery(values), testContext());
  if (result.ok) throw new Error('expected the payload to be refused');
  return result.problems;
}

describe('Datadog deliveries (Hookline’s recommended template)', () => {
  it('publishes Triggered as a fired alert keyed by the alert cycle key', () => {
    const event = normalise(triggered);

    expect(event).toMatchObject({ type: 'alert.fired', data: { fingerprint: '7012984517309087046', startsAt: '2024-01-31T14:30:00.000Z' } });
  });

  it('publishes Recovered as a resolution of the same alert, under the same correlation key', () => {
    const fired = normalise(triggered);
    const resolved = normalise(recovered);

    expect(resolved).toMatchObject({ type: 'alert.resolved', data: { fingerprint: fired.data.fingerprint, endsAt: '2024-01-31T14:40:00.000Z' } });
    expect(resolved.data.correlationKey).toBe(fired.data.correlationKey);
  });

  it('names the alert after the title without Datadog’s priority and transition prefixes', () => {
    const event = normalise(triggered);

    expect(event.data).toMatchObject({
      alertName: 'Load is high',
      summary: '[P1] [Triggered on {host:web-1,availability-zone:us-east-1a}] Load is high',
      description: 'Load is high on "web-1".\n@webhook-hookline',
    });
  });

  it('turns tags and the alert scope into labels, and the service tag into the service', () => {
    const event = normalise(triggered);

    expect(event.data).toMatchObject({
      service: 'checkout',
      labels: { env: 'prod', service: 'checkout', team: 'payments', host: 'web-1', 'availability-zone': 'us-east-1a' },
      correlationKey: 'int_test0000000000000000000:checkout/Load is high',
    });
  });

  it('links to the event in Datadog', () => {
    expect(normalise(triggered).data.generatorUrl).toBe('https://app.datadoghq.com/event/event?id=1234');
  });

  it.each([
    ['P1', 'critical'],
    ['P2', 'error'],
    ['P3', 'warning'],
    ['P4', 'info'],
    ['P5', 'info'],
    ['', 'error'],
  ])('rates a Triggered alert of priority "%s" as %s', (priority, severity) => {
    expect(normalise({ ...triggered, $ALERT_PRIORITY: priority }).data.severity).toBe(severity);
  });

  it.each(['Warn', 'Re-Warn', 'No Data', 'Re-No Data'])('publishes %s as a fired alert of severity warning', (transition) => {
    expect(normalise({ ...triggered, $ALERT_TRANSITION: transition })).toMatchObject({ type: 'alert.fired', data: { severity: 'warning' } });
  });

  it('never rates a warning above what a low priority gives', () => {
    expect(normalise({ ...triggered, $ALERT_TRANSITION: 'Warn', $ALERT_PRIORITY: 'P5' }).data.severity).toBe('info');
  });

  it('rates a Renotify of a warning state as warning', () => {
    expect(normalise({ ...triggered, $ALERT_TRANSITION: 'Renotify', $ALERT_TYPE: 'warning' }).data.severity).toBe('warning');
  });

  it('falls back to the monitor id and scope as the fingerprint when there is no cycle key', () => {
    const event = normalise({ ...triggered, $ALERT_CYCLE_KEY: '' });

    expect(event.data.fingerprint).toBe('1234:availability-zone:us-east-1a,host:web-1');
  });

  it('takes the time of the notification from $DATE, else from when it was received', () => {
    expect(normalise({ ...triggered, $DATE: '' }).data.startsAt).toBe('2026-01-31T15:00:00.000Z');
  });

  it('refuses a transition it does not know', () => {
    expect(problemsOf({ ...triggered, $ALERT_TRANSITION: 'Exploded' })).toEqual([
      'alert_transition: "Exploded" is not an alert transition: expected one of Triggered, Re-Triggered, Renotify, Warn, Re-Warn, No Data, Re-No Data, Recovered',
    ]);
  });

  it('refuses a notification that identifies no alert, pointing to the recommended template', () => {
    expect(problemsOf({ ...triggered, $ALERT_CYCLE_KEY: '', $ALERT_ID: '' })).toEqual([
      "alert_cycle_key: alert_cycle_key or alert_id is required to tell alerts apart (use Hookline's recommended Datadog template)",
    ]);
  });

  it('refuses Datadog’s default payload, which has no transition', () => {
    const defaultPayload = { body: 'msg', last_updated: '1406662672000', event_type: 'metric_alert_monitor', title: 'x', date: '1406662672000', org: { id: '1', name: 'o' }, id: '1' };

    expect(normaliseDelivery('datadog', defaultPayload, testContext())).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.stringMatching(/^alert_transition: required/)]) });
  });
});
