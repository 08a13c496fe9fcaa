import {
  type CorrelationValues,
  correlationTemplateProblems,
  correlationTemplateSchema,
  parseCorrelationTemplate,
  prefixedCorrelationKey,
  renderCorrelationTemplate,
  serviceAlertKey,
} from './correlation-key';

function render(template: string, values: CorrelationValues = { fingerprint: 'abc', alertName: 'DiskFull', service: 'db', labels: { cluster: 'eu-1' } }) {
  const parsed = parseCorrelationTemplate(template);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return renderCorrelationTemplate(parsed.parts, values);
}

describe('correlation keys', () => {
  it('prefixes every key with the integration id', () => {
    expect(prefixedCorrelationKey('int_a', 'db/DiskFull')).toBe('int_a:db/DiskFull');
  });

  it('builds the default key from service and alert name', () => {
    expect(serviceAlertKey('db', 'DiskFull')).toBe('db/DiskFull');
  });

  it('leaves the service empty in the default key when the alert names none', () => {
    expect(serviceAlertKey(undefined, 'DiskFull')).toBe('/DiskFull');
  });

  it('shortens a key longer than the contract allows with a hash, so long keys stay distinct', () => {
    const keys = ['a', 'b'].map((last) => prefixedCorrelationKey('int_a', `${'x'.repeat(600)}${last}`));

    expect(keys.map((key) => key.length)).toEqual([512, 512]);
    expect(keys[0]).not.toBe(keys[1]);
  });
});

describe('correlation templates', () => {
  it('renders label and field lookups between literal text', () => {
    expect(render('{{labels.cluster}}/{{alertName}}')).toBe('eu-1/DiskFull');
  });

  it('ignores spaces inside the braces', () => {
    expect(render('{{ service }}:{{ fingerprint }}')).toBe('db:abc');
  });

  it('renders a label the alert lacks as empty text', () => {
    expect(render('{{labels.zone}}/{{alertName}}')).toBe('/DiskFull');
  });

  it('reads a label name with dots and slashes verbatim', () => {
    expect(render('{{labels.app.kubernetes.io/name}}', { fingerprint: 'f', alertName: 'a', service: 's', labels: { 'app.kubernetes.io/name': 'web' } })).toBe('web');
  });

  it('refuses a lookup it does not offer, listing those it does', () => {
    expect(parseCorrelationTemplate('{{severity}}')).toEqual({
      ok: false,
      problems: ['unknown lookup {{severity}}: use {{alertName}}, {{service}}, {{fingerprint}} or {{labels.<name>}}'],
    });
  });

  it('refuses braces that are never closed', () => {
    expect(parseCorrelationTemplate('{{labels.cluster')).toEqual({ ok: false, problems: ['"{{" at "{{labels.cluster" is never closed with "}}"'] });
  });

  it('refuses, for PagerDuty, lookups its resolutions cannot fill', () => {
    expect(correlationTemplateProblems('{{labels.cluster}}/{{service}}', 'pagerduty')).toEqual([
      '{{labels.cluster}} is not available on pagerduty resolutions: use {{fingerprint}} or {{service}}',
    ]);
  });

  it('accepts label lookups for sources whose resolutions carry the labels', () => {
    expect(correlationTemplateProblems('{{labels.cluster}}/{{alertName}}', 'alertmanager')).toEqual([]);
  });

  it('offers a schema for stored settings that reports the problem', () => {
    expect(correlationTemplateSchema.safeParse('{{nope}}').error?.issues[0]?.message).toMatch(/^unknown lookup \{\{nope\}\}/);
  });
});
