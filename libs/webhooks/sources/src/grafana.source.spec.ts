import type { AlertEvent } from '@hookline/contracts/events';
import { type Json, loadFixture, testContext } from './fixtures/fixtures';
import { normaliseDelivery } from './normalise-delivery';

const delivery = (): Json => structuredClone(loadFixture('grafana-docs-example'));
const firstAlert = (payload: Json) => (payload['alerts'] as Json[])[0] as Json;

function normalise(payload: unknown, context = testContext()): AlertEvent[] {
  const result = normaliseDelivery('grafana', payload, context);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.alerts;
}

describe('Grafana deliveries', () => {
  it('keeps the fingerprint Grafana sent', () => {
    const [event] = normalise(delivery());

    expect(event?.data.fingerprint).toBe('c6eadffa33fcdf37');
  });

  it('resolves a relative generatorURL against externalURL', () => {
    const payload = delivery();
    firstAlert(payload)['generatorURL'] = '?orgId=1';

    const [event] = normalise(payload);

    expect(event?.data.generatorUrl).toBe('https://play.grafana.org/?orgId=1');
  });

  it('keeps an absolute generatorURL as sent', () => {
    const [event] = normalise(delivery());

    expect(event?.data.generatorUrl).toBe('https://play.grafana.org/alerting/1afz29v7z/edit');
  });

  it('leaves out a relative generatorURL when there is no externalURL to resolve it against', () => {
    const payload = { ...delivery(), externalURL: '' };
    firstAlert(payload)['generatorURL'] = '?orgId=1';

    const [event] = normalise(payload);

    expect(event?.data).not.toHaveProperty('generatorUrl');
  });

  it('converts a start time with an offset to UTC', () => {
    const [event] = normalise(delivery());

    expect(event?.data.startsAt).toBe('2021-10-12T07:51:03.157Z');
  });

  it('publishes a firing alert without the zero-time endsAt', () => {
    const [event] = normalise(delivery());

    expect(event?.type).toBe('alert.fired');
    expect(event?.data).not.toHaveProperty('endsAt');
  });

  it('publishes a resolved alert as alert.resolved with its end time in UTC', () => {
    const payload = delivery();
    Object.assign(firstAlert(payload), { status: 'resolved', endsAt: '2021-10-12T10:05:00+02:00' });

    const [event] = normalise(payload);

    expect(event).toMatchObject({ type: 'alert.resolved', data: { endsAt: '2021-10-12T08:05:00.000Z' } });
  });

  it('tolerates the deprecated title, state and message fields, however long', () => {
    const payload = { ...delivery(), title: '[FIRING:2]', state: 'alerting', message: 'x'.repeat(200_000) };

    expect(normalise(payload)).toHaveLength(1);
  });

  it('names and summarises the alert from its labels and annotations', () => {
    const [event] = normalise(delivery(), testContext({ defaultService: 'memory' }));

    expect(event?.data).toMatchObject({
      alertName: 'High memory usage',
      summary: 'This alert was triggered for zone us-1',
      description: 'The system has high memory usage',
      service: 'memory',
      severity: 'warning',
      correlationKey: 'int_test0000000000000000000:memory/High memory usage',
    });
  });

  it('keeps Grafana’s silence link as an annotation, without overriding the alert’s own', () => {
    const [event] = normalise(delivery());

    expect(event?.data.annotations).toMatchObject({
      silenceURL: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
      runbook_url: 'https://myrunbook.com/runbook/1234',
    });
    expect(event?.data.annotations).not.toHaveProperty('dashboardURL');
  });

  it('refuses an alert without a fingerprint, since it cannot be recomputed', () => {
    const payload = delivery();
    delete firstAlert(payload)['fingerprint'];

    expect(normaliseDelivery('grafana', payload, testContext())).toEqual({ ok: false, problems: ['alerts.0.fingerprint: required (string)'] });
  });

  it('refuses a start time without a time zone', () => {
    const payload = delivery();
    firstAlert(payload)['startsAt'] = '2021-10-12T09:51:03';

    expect(normaliseDelivery('grafana', payload, testContext())).toEqual({
      ok: false,
      problems: ['alerts.0.startsAt: must be an ISO-8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z'],
    });
  });
});
