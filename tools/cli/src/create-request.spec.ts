import { incidentPolicySchema } from '@hookline/contracts/events';
import { authConfigSchema } from '@hookline/webhooks/verification';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCreateRequest, buildUpdateRequest, createFlags, updateFlags } from './create-request';

const fields = new Set(createFlags.map((flag) => flag.field));

describe('integrations create flags', () => {
  it.each(authConfigSchema.options.map((option) => [option.shape.scheme.value, Object.keys(option.shape)] as const))(
    'can set every field of the %s auth scheme',
    (_scheme, keys) => {
      expect(keys.map((key) => `auth.${key}`).filter((field) => !fields.has(field))).toEqual([]);
    },
  );

  it('can set every field of the incident policy', () => {
    expect(Object.keys(incidentPolicySchema.shape).map((key) => `incidentPolicy.${key}`).filter((field) => !fields.has(field))).toEqual([]);
  });

  it('builds an hmac integration for a GitHub-style sender from --preset alone', () => {
    expect(buildCreateRequest({ source: 'generic', name: 'gh', preset: 'github', 'delivery-id-header': 'X-GitHub-Delivery' })).toEqual({
      source: 'generic',
      name: 'gh',
      auth: { scheme: 'hmac', preset: 'github', deliveryIdHeader: 'X-GitHub-Delivery' },
    });
  });

  it("signs Grafana deliveries with a timestamp by default, and keeps the user's own header name", () => {
    expect(buildCreateRequest({ source: 'grafana', name: 'g', header: 'X-Signature' })['auth']).toEqual({
      scheme: 'hmac',
      preset: 'grafana',
      header: 'X-Signature',
      timestampHeader: 'X-Grafana-Alerting-Timestamp',
    });
  });

  it("drops the source's defaults when another scheme is chosen", () => {
    expect(buildCreateRequest({ source: 'grafana', name: 'g', auth: 'basic', username: 'grafana' })['auth']).toEqual({ scheme: 'basic', username: 'grafana' });
  });

  it('turns numbers, lists and JSON into the types the API takes', () => {
    const body = buildCreateRequest({
      source: 'generic',
      name: 'uptime',
      'rate-limit': '600',
      'allowed-ips': '10.0.0.0/8, 192.0.2.1',
      threshold: '3',
      window: '300',
      'field-mapping': '{"status":"$.state"}',
    });
    expect(body).toMatchObject({
      rateLimitPerMinute: 600,
      allowedIps: ['10.0.0.0/8', '192.0.2.1'],
      incidentPolicy: { threshold: 3, windowSeconds: 300 },
      fieldMapping: { status: '$.state' },
    });
  });

  it('reports an unknown source as the one problem, naming the known ones', () => {
    expect(() => buildCreateRequest({ source: 'nagios', name: 'x' })).toThrow(
      'unknown --source "nagios": expected one of alertmanager, grafana, datadog, pagerduty, generic',
    );
  });

  it("takes the sender's own secret as typed, or from a file without its final line break", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hookline-cli-')), 'secret');
    writeFileSync(file, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n');

    expect(buildCreateRequest({ source: 'generic', name: 'svix', secret: 'whsec_typed' })['secret']).toBe('whsec_typed');
    expect(buildCreateRequest({ source: 'generic', name: 'svix', secret: `@${file}` })['secret']).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('binds the integration to the services named, with the policy for the others', () => {
    expect(buildCreateRequest({ source: 'alertmanager', name: 'am', 'bound-services': 'checkout-api, payments-worker', 'foreign-alerts': 'flag' })['serviceBinding']).toEqual({
      services: ['checkout-api', 'payments-worker'],
      foreignAlerts: 'flag',
    });
  });

  it('names the flag whose number is not a number', () => {
    expect(() => buildCreateRequest({ source: 'generic', name: 'x', 'rate-limit': 'lots' })).toThrow('--rate-limit must be a whole number, not "lots"');
  });

  it('sets the owner, the description and the heartbeat, in seconds or as a duration for the API to read', () => {
    expect(buildCreateRequest({ source: 'alertmanager', name: 'am', owner: 'payments', description: 'payments rules', 'expect-every': '300' })).toMatchObject({
      owner: 'payments',
      description: 'payments rules',
      expectEvery: 300,
    });
    expect(buildCreateRequest({ source: 'alertmanager', name: 'am', 'expect-every': 'PT15M' })['expectEvery']).toBe('PT15M');
  });
});

describe('integrations update flags', () => {
  it('offers every create flag but the source, the secret and the auth settings', () => {
    expect(updateFlags.map((flag) => flag.flag)).toEqual(expect.arrayContaining(['name', 'owner', 'description', 'expect-every', 'rate-limit', 'threshold']));
    expect(updateFlags.filter((flag) => flag.field === 'source' || flag.field === 'secret' || flag.field.startsWith('auth.'))).toEqual([]);
  });

  it('sends only what was given, and null for what --clear names', () => {
    expect(buildUpdateRequest({ owner: 'payments', 'expect-every': 'P1D', clear: 'description, threshold' })).toEqual({
      owner: 'payments',
      expectEvery: 'P1D',
      description: null,
      incidentPolicy: null,
    });
  });

  it('refuses to clear a field it does not know, and an update that changes nothing', () => {
    expect(() => buildUpdateRequest({ clear: 'source' })).toThrow('--clear source: not a field update can clear');
    expect(() => buildUpdateRequest({})).toThrow('update needs at least one field to change');
  });
});
