import { type FieldMapping, FieldMappingError, fieldMappingSchema } from './field-mapping';
import { testContext } from './fixtures/fixtures';
import { normaliseDelivery } from './normalise-delivery';

// A sender with its own shape (a Grafana-legacy-like body), mapped field by field.
const mapping: FieldMapping = {
  status: '$.state',
  firingValues: ['alerting'],
  resolvedValues: ['ok'],
  title: '$.rule.name',
  dedupKey: '$.rule.id',
  severity: '$.tags.level',
  service: '$.tags.service',
  startsAt: '$.fired_at',
  endsAt: '$.resolved_at',
  description: '$.message',
  labels: '$.tags',
};

const alerting = {
  state: 'alerting',
  rule: { id: 17, name: 'Queue backlog' },
  tags: { level: 'high', service: 'billing', region: 'eu-west-1', shards: 4, nested: { ignored: true } },
  fired_at: 1706711400,
  message: 'Backlog above 10k for 5m',
};

function normalise(body: unknown, fieldMapping: FieldMapping = mapping) {
  const result = normaliseDelivery('generic', body, testContext({ fieldMapping }));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.alerts[0];
}

function problemsOf(body: unknown, fieldMapping: FieldMapping = mapping): string[] {
  const result = normaliseDelivery('generic', body, testContext({ fieldMapping }));
  if (result.ok) throw new Error('expected the body to be refused');
  return result.problems;
}

describe('generic field mapping', () => {
  it('reads a firing alert from the paths the mapping names', () => {
    expect(normalise(alerting)).toMatchObject({
      type: 'alert.fired',
      data: {
        fingerprint: '17',
        alertName: 'Queue backlog',
        summary: 'Queue backlog',
        description: 'Backlog above 10k for 5m',
        severity: 'error',
        service: 'billing',
        startsAt: '2024-01-31T14:30:00.000Z',
        correlationKey: 'int_test0000000000000000000:billing/Queue backlog',
      },
    });
  });

  it('turns the text, number and boolean values of the labels object into labels and skips nested ones', () => {
    expect(normalise(alerting)?.data.labels).toEqual({ level: 'high', service: 'billing', region: 'eu-west-1', shards: '4' });
  });

  it('reads a resolution, with its end time, under the same fingerprint and key', () => {
    const resolved = normalise({ ...alerting, state: 'OK', resolved_at: '2024-01-31T15:00:00+01:00' });

    expect(resolved).toMatchObject({
      type: 'alert.resolved',
      data: { fingerprint: '17', endsAt: '2024-01-31T14:00:00.000Z', correlationKey: 'int_test0000000000000000000:billing/Queue backlog' },
    });
  });

  it('compares status values as text, so booleans can decide', () => {
    const booleanMapping = { ...mapping, status: '$.healthy', firingValues: ['false'], resolvedValues: ['true'] };

    expect(normalise({ ...alerting, healthy: true }, booleanMapping)?.type).toBe('alert.resolved');
  });

  it('reads array elements and quoted keys', () => {
    const nested = { ...mapping, status: '$.alerts[0]["alert.state"]', title: "$.alerts[0]['rule name']" };

    expect(normalise({ ...alerting, alerts: [{ 'alert.state': 'alerting', 'rule name': 'From an array' }] }, nested)?.data.alertName).toBe('From an array');
  });

  it('refuses a status that is neither a firing nor a resolved value', () => {
    expect(problemsOf({ ...alerting, state: 'pending' })).toEqual(['status ($.state): "pending" is neither a firing value (alerting) nor a resolved value (ok)']);
  });

  it('refuses a body without a title, saying which path was empty', () => {
    expect(problemsOf({ ...alerting, rule: { id: 17 } })).toEqual(['title ($.rule.name): no value at this path']);
  });

  it('refuses a path that points at an object where text is expected', () => {
    expect(problemsOf({ ...alerting, message: { text: 'x' } })).toEqual(['description ($.message): expected text, a number or true/false, found an object']);
  });

  it('refuses a start time it cannot read', () => {
    expect(problemsOf({ ...alerting, fired_at: 'yesterday' })).toEqual([
      'startsAt ($.fired_at): expected an ISO-8601 timestamp with a zone or epoch seconds/milliseconds, found "yesterday"',
    ]);
  });

  it('uses the integration’s service when the mapping has no service path', () => {
    const { service: _service, ...withoutService } = mapping;

    const result = normaliseDelivery('generic', alerting, testContext({ fieldMapping: withoutService, defaultService: 'queues' }));

    expect(result).toMatchObject({ ok: true, alerts: [{ data: { service: 'queues' } }] });
  });

  it('throws rather than blame the sender when the stored mapping is invalid', () => {
    const broken = { ...mapping, title: 'rule.name' };

    expect(() => normaliseDelivery('generic', alerting, testContext({ fieldMapping: broken }))).toThrow(FieldMappingError);
  });
});

describe('field mapping schema', () => {
  it('accepts the documented mapping', () => {
    expect(fieldMappingSchema.safeParse(mapping).success).toBe(true);
  });

  it('refuses a path that is not a JSON path, with the reason', () => {
    const result = fieldMappingSchema.safeParse({ ...mapping, dedupKey: 'rule.id' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['dedupKey'], message: 'must start with $ (the body), e.g. $.alert.status' })]);
  });

  it('refuses a value listed as both firing and resolved', () => {
    const result = fieldMappingSchema.safeParse({ ...mapping, resolvedValues: ['ok', 'Alerting'] });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['resolvedValues'], message: 'Alerting cannot mean both fired and resolved' })]);
  });

  it('refuses keys it does not know, so a typo is not silently ignored', () => {
    expect(fieldMappingSchema.safeParse({ ...mapping, titel: '$.x' }).success).toBe(false);
  });
});
