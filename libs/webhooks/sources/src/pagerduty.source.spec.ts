import { fixturePart, testContext } from './fixtures/fixtures';
import { normaliseDelivery } from './normalise-delivery';

const fixture = 'pagerduty-events-v2';

function normalise(body: unknown, context = testContext({ defaultService: 'datapipe' })) {
  const result = normaliseDelivery('pagerduty', body, context);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

describe('PagerDuty Events API v2', () => {
  it('publishes a trigger as a fired alert with PagerDuty’s severity and summary', () => {
    const { alerts } = normalise(fixturePart(fixture, 'trigger'));

    expect(alerts).toEqual([
      expect.objectContaining({
        type: 'alert.fired',
        data: expect.objectContaining({
          fingerprint: 'samplekeyhere',
          severity: 'info',
          summary: 'Example alert on host1.example.com',
          alertName: 'deploy',
          service: 'datapipe',
          startsAt: '2015-07-17T08:42:58.315Z',
          generatorUrl: 'https://monitoring.example.com/',
          labels: {
            source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
            component: 'postgres',
            group: 'prod-datapipe',
            class: 'deploy',
          },
        }),
      }),
    ]);
  });

  it('returns the dedup key the trigger carried', () => {
    expect(normalise(fixturePart(fixture, 'trigger')).dedupKey).toBe('samplekeyhere');
  });

  it('generates a dedup key for a trigger without one, returns it and uses it as the fingerprint', () => {
    const trigger = fixturePart(fixture, 'trigger');
    delete trigger['dedup_key'];

    const { dedupKey, alerts } = normalise(trigger);

    expect(dedupKey).toMatch(/^[0-9a-f]{32}$/);
    expect(alerts[0]?.data.fingerprint).toBe(dedupKey);
  });

  it('keeps custom details, links and the client as description and annotations', () => {
    const { alerts } = normalise(fixturePart(fixture, 'trigger'));

    expect(JSON.parse(alerts[0]?.data.description ?? '')).toEqual({ 'ping time': '1500ms', 'load avg': 0.75 });
    expect(alerts[0]?.data.annotations).toEqual({
      client: 'Sample Monitoring Service',
      client_url: 'https://monitoring.example.com/',
      link_1: 'Link text https://example.com/',
      image_1: 'https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png',
    });
  });

  it('publishes an acknowledge as alert.acknowledged', () => {
    const { alerts, dedupKey } = normalise(fixturePart(fixture, 'acknowledge'));

    expect(alerts).toEqual([expect.objectContaining({ type: 'alert.acknowledged', data: expect.objectContaining({ fingerprint: 'dedupkeyhere' }) })]);
    expect(dedupKey).toBe('dedupkeyhere');
  });

  it('publishes a resolve that carries only its dedup key as alert.resolved', () => {
    const { alerts } = normalise(fixturePart(fixture, 'resolve'));

    expect(alerts).toEqual([
      expect.objectContaining({
        type: 'alert.resolved',
        data: expect.objectContaining({ fingerprint: 'dedupkeyhere', endsAt: '2026-01-31T15:00:00.000Z', labels: {}, annotations: {} }),
      }),
    ]);
    expect(alerts[0]?.data).not.toHaveProperty('summary');
  });

  it('keys a trigger and its resolve alike, by integration and dedup key', () => {
    const trigger = { ...fixturePart(fixture, 'trigger'), dedup_key: 'dedupkeyhere' };

    const keys = [normalise(trigger), normalise(fixturePart(fixture, 'resolve'))].map((result) => result.alerts[0]?.data.correlationKey);

    expect(keys).toEqual(['int_test0000000000000000000:dedupkeyhere', 'int_test0000000000000000000:dedupkeyhere']);
  });

  it('truncates a summary longer than the contract allows instead of refusing the alert', () => {
    const trigger = fixturePart(fixture, 'trigger');
    (trigger['payload'] as Record<string, unknown>)['summary'] = 'disk full '.repeat(200);

    const summary = normalise(trigger).alerts[0]?.data.summary ?? '';

    expect([summary.length, summary.endsWith('…')]).toEqual([1024, true]);
  });

  it('refuses an unknown event_action', () => {
    expect(normaliseDelivery('pagerduty', { ...fixturePart(fixture, 'resolve'), event_action: 'snooze' }, testContext())).toEqual({
      ok: false,
      problems: ['event_action: must be one of trigger, acknowledge, resolve'],
    });
  });

  it('refuses a trigger without a payload', () => {
    const trigger = fixturePart(fixture, 'trigger');
    delete trigger['payload'];

    expect(normaliseDelivery('pagerduty', trigger, testContext())).toEqual({ ok: false, problems: ['payload: required (object)'] });
  });

  it('refuses a resolve without a dedup key', () => {
    const resolve = fixturePart(fixture, 'resolve');
    delete resolve['dedup_key'];

    expect(normaliseDelivery('pagerduty', resolve, testContext())).toEqual({ ok: false, problems: ['dedup_key: required (string)'] });
  });

  it('refuses a severity outside PagerDuty’s four', () => {
    const trigger = fixturePart(fixture, 'trigger');
    (trigger['payload'] as Record<string, unknown>)['severity'] = 'disaster';

    expect(normaliseDelivery('pagerduty', trigger, testContext())).toEqual({
      ok: false,
      problems: ['payload.severity: expected one of "critical"|"error"|"warning"|"info"'],
    });
  });
});
