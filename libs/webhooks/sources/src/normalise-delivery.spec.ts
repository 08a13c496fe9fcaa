import { alertEventSchema, fieldLimits, sourceKinds } from '@hookline/contracts/events';
import { z } from 'zod';
import { type Json, fixturePart, loadFixture, testContext } from './fixtures/fixtures';
import { normaliseDelivery, sourceSchemas } from './normalise-delivery';
import { maxProblems } from './problems';

const alertmanager = (): Json => structuredClone(loadFixture('alertmanager-two-alerts-firing'));
const firstAlert = (payload: Json) => (payload['alerts'] as Json[])[0] as Json;

function normalise(kind: Parameters<typeof normaliseDelivery>[0], body: unknown, context = testContext()) {
  const result = normaliseDelivery(kind, body, context);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

describe('correlation template of an integration', () => {
  it('replaces the source’s default key', () => {
    const { alerts } = normalise('alertmanager', alertmanager(), testContext({ correlationTemplate: '{{labels.group}}/{{alertName}}' }));

    expect(alerts.map((alert) => alert.data.correlationKey)).toEqual([
      'int_test0000000000000000000:production/InstanceDown',
      'int_test0000000000000000000:canary/InstanceDown',
    ]);
  });

  it('applies to a PagerDuty trigger and its resolve alike when it reads only what a resolve carries', () => {
    const context = testContext({ correlationTemplate: 'pd:{{service}}', defaultService: 'datapipe' });
    const trigger = { ...fixturePart('pagerduty-events-v2', 'trigger'), dedup_key: 'dedupkeyhere' };

    const keys = [normalise('pagerduty', trigger, context), normalise('pagerduty', fixturePart('pagerduty-events-v2', 'resolve'), context)].map(
      (result) => result.alerts[0]?.data.correlationKey,
    );

    expect(keys).toEqual(['int_test0000000000000000000:pd:datapipe', 'int_test0000000000000000000:pd:datapipe']);
  });

  it('is set aside with a warning when a PagerDuty resolve could not compute it', () => {
    const result = normalise('pagerduty', fixturePart('pagerduty-events-v2', 'resolve'), testContext({ correlationTemplate: '{{labels.component}}' }));

    expect(result.alerts[0]?.data.correlationKey).toBe('int_test0000000000000000000:dedupkeyhere');
    expect(result.warnings).toEqual([
      'correlation template not applied ({{labels.component}} is not available on pagerduty resolutions: use {{fingerprint}} or {{service}}); used the pagerduty default key',
    ]);
  });

  it('is set aside with a warning, not a refused alert, when it is malformed', () => {
    const result = normalise('alertmanager', alertmanager(), testContext({ correlationTemplate: '{{labels.group' }));

    expect(result.alerts[0]?.data.correlationKey).toBe('int_test0000000000000000000:{}:{alertname="InstanceDown"}');
    expect(result.warnings).toHaveLength(1);
  });
});

describe('fitting alerts to the contract', () => {
  it('truncates a long summary and description with an ellipsis', () => {
    const payload = alertmanager();
    firstAlert(payload)['annotations'] = { summary: 's'.repeat(5_000), description: 'd'.repeat(20_000) };

    const { summary = '', description = '' } = normalise('alertmanager', payload).alerts[0]?.data ?? {};

    expect([summary.length, summary.at(-1), description.length, description.at(-1)]).toEqual([fieldLimits.summaryLength, '…', fieldLimits.detailLength, '…']);
  });

  it('truncates a long label value', () => {
    const payload = alertmanager();
    (firstAlert(payload)['labels'] as Json)['instance'] = 'i'.repeat(3_000);

    const instance = normalise('alertmanager', payload).alerts[0]?.data.labels['instance'] ?? '';

    expect(instance.length).toBe(fieldLimits.labelValueLength);
  });

  it('keeps the first 64 labels in key order and drops the rest', () => {
    const payload = alertmanager();
    firstAlert(payload)['labels'] = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`l${String(index).padStart(3, '0')}`, 'v']));

    const labels = Object.keys(normalise('alertmanager', payload).alerts[0]?.data.labels ?? {});

    expect([labels.length, labels.at(0), labels.at(-1)]).toEqual([64, 'l000', 'l063']);
  });

  it('shortens a long fingerprint with a hash, so two that share a prefix stay distinct', () => {
    const fieldMapping = { status: '$.state', firingValues: ['alerting'], resolvedValues: ['ok'], title: '$.name', dedupKey: '$.id' };
    const context = testContext({ fieldMapping });

    const fingerprints = ['a', 'b'].map((last) => normalise('generic', { state: 'alerting', name: 'n', id: `${'k'.repeat(400)}${last}` }, context).alerts[0]?.data.fingerprint ?? '');

    expect(fingerprints.map((fingerprint) => [fingerprint.length, fingerprint.startsWith('kkk')])).toEqual([
      [255, true],
      [255, true],
    ]);
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
  });

  it('shortens a long correlation key with a hash, so two that share a prefix stay distinct', () => {
    const context = testContext({ correlationTemplate: '{{fingerprint}}{{fingerprint}}{{fingerprint}}' });
    const trigger = (dedupKey: string) => ({ event_action: 'trigger', routing_key: 'r', dedup_key: dedupKey, payload: { summary: 's', source: 'h', severity: 'info' } });

    const keys = ['a', 'b'].map((last) => normalise('pagerduty', trigger(`${'k'.repeat(254)}${last}`), context).alerts[0]?.data.correlationKey ?? '');

    expect(keys.map((key) => key.length)).toEqual([512, 512]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('leaves out a link that is not http(s)', () => {
    const payload = alertmanager();
    firstAlert(payload)['generatorURL'] = 'javascript:alert(1)';

    expect(normalise('alertmanager', payload).alerts[0]?.data).not.toHaveProperty('generatorUrl');
  });

  it('marks the alerts of a test delivery as test alerts', () => {
    const { alerts } = normalise('alertmanager', alertmanager(), testContext({ test: true }));

    expect(alerts.every((alert) => alert.data.test)).toBe(true);
  });

  it('produces events that the contract accepts and that survive a JSON round trip', () => {
    const { alerts } = normalise('alertmanager', alertmanager());

    const roundTripped = JSON.parse(JSON.stringify(alerts)) as unknown[];

    expect(roundTripped.map((event) => alertEventSchema.parse(event))).toEqual(alerts);
  });
});

describe('refusing what is not a delivery', () => {
  it('says what the body should have been when it is not an object', () => {
    expect(normaliseDelivery('alertmanager', ['not', 'an', 'object'], testContext())).toEqual({
      ok: false,
      problems: ['(body): expected object, received array'],
    });
  });

  it(`lists at most ${maxProblems} problems`, () => {
    const payload = alertmanager();
    payload['alerts'] = Array.from({ length: 50 }, () => ({ ...firstAlert(payload), status: 'exploded' }));

    const result = normaliseDelivery('alertmanager', payload, testContext());

    expect(result.ok ? [] : result.problems).toHaveLength(maxProblems);
    expect(result.ok ? '' : result.problems.at(-1)).toBe('… and 31 more problems');
  });
});

describe('source schemas', () => {
  it.each(sourceKinds)('documents the %s payload as JSON Schema', (kind) => {
    expect(z.toJSONSchema(sourceSchemas[kind], { io: 'input' })).toMatchObject({ $schema: expect.any(String) });
  });
});

describe('text nothing downstream can store', () => {
  const hostile = () => {
    const payload = alertmanager();
    const alert = firstAlert(payload);
    alert['labels'] = { ...(alert['labels'] as Json), instance: 'db-1\u0000', 'job\u0007': 'node' };
    alert['annotations'] = { summary: 'Disk full \ud83d on db-1' };
    return payload;
  };

  it('is replaced with U+FFFD, and the alert says where', () => {
    const [alert] = normalise('alertmanager', hostile()).alerts;

    expect(alert?.data.labels).toMatchObject({ instance: 'db-1\ufffd', 'job\ufffd': 'node' });
    expect(alert?.data.summary).toBe('Disk full \ufffd on db-1');
    expect(alert?.data.sanitizedFields?.sort()).toEqual(['annotations.summary', 'labels.instance', 'labels.job\ufffd', 'summary']);
  });

  it('leaves an alert with storable text without the field', () => {
    const [alert] = normalise('alertmanager', alertmanager()).alerts;

    expect(alert?.data).not.toHaveProperty('sanitizedFields');
  });

  it('never reaches the correlation key or the fingerprint', () => {
    const payload = hostile();
    firstAlert(payload)['fingerprint'] = 'f\u0000';

    const [alert] = normalise('alertmanager', payload, testContext({ correlationTemplate: '{{labels.instance}}' })).alerts;

    expect([alert?.data.correlationKey, alert?.data.fingerprint]).toEqual(['int_test0000000000000000000:db-1\ufffd', 'f\ufffd']);
    expect(alertEventSchema.safeParse(alert).success).toBe(true);
  });
});
