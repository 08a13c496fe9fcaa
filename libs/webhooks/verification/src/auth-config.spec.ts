import { authConfigSchema } from './auth-config';

function problems(input: unknown): string[] {
  const result = authConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('authConfigSchema', () => {
  it.each([
    { scheme: 'standard-webhooks' },
    { scheme: 'standard-webhooks', toleranceSeconds: 60 },
    { scheme: 'hmac', preset: 'github' },
    { scheme: 'hmac', preset: 'grafana', timestampHeader: 'X-Grafana-Alerting-Timestamp' },
    { scheme: 'hmac', preset: 'pagerduty-v3' },
    { scheme: 'hmac', header: 'X-Signature', encoding: 'base64', prefix: 'sha256=' },
    { scheme: 'hmac', header: 'X-Signature', timestampHeader: 'X-Timestamp', signedContent: 'timestamp.body', toleranceSeconds: 120 },
    { scheme: 'stripe-style' },
    { scheme: 'stripe-style', header: 'X-Acme-Signature', toleranceSeconds: 600 },
    { scheme: 'bearer' },
    { scheme: 'basic', username: 'alertmanager' },
  ])('accepts the config %j', (config) => {
    expect(problems(config)).toEqual([]);
  });

  it('refuses an unknown scheme', () => {
    expect(problems({ scheme: 'oauth2' })).toHaveLength(1);
  });

  it('refuses an unknown field, so a misspelt option is not silently ignored', () => {
    expect(problems({ scheme: 'standard-webhooks', toleranceSecond: 60 })).toHaveLength(1);
  });

  it('refuses an hmac config with neither a header nor a preset', () => {
    expect(problems({ scheme: 'hmac' })).toEqual(['header: header is required without a preset']);
  });

  it('refuses a signed timestamp without a timestamp header', () => {
    expect(problems({ scheme: 'hmac', header: 'X-Signature', signedContent: 'timestamp:body' })).toEqual([
      'timestampHeader: signedContent timestamp:body needs a timestampHeader',
    ]);
  });

  it('refuses a timestamp header that the signature does not cover', () => {
    expect(problems({ scheme: 'hmac', header: 'X-Signature', timestampHeader: 'X-Timestamp', signedContent: 'body' })).toEqual([
      'signedContent: a timestampHeader must be part of the signed content',
    ]);
  });

  it('refuses a timestamp header without signedContent outside the grafana preset', () => {
    expect(problems({ scheme: 'hmac', preset: 'github', timestampHeader: 'X-Timestamp' })).toEqual([
      'signedContent: signedContent is required with a timestampHeader',
    ]);
  });

  it('refuses an hmac tolerance without a timestamp header to apply it to', () => {
    expect(problems({ scheme: 'hmac', preset: 'github', toleranceSeconds: 60 })).toEqual(['toleranceSeconds: toleranceSeconds needs a timestampHeader']);
  });

  it('refuses a tolerance above one hour', () => {
    expect(problems({ scheme: 'standard-webhooks', toleranceSeconds: 3601 })).toHaveLength(1);
  });

  it('refuses a header name with a space', () => {
    expect(problems({ scheme: 'stripe-style', header: 'Stripe Signature' })).toHaveLength(1);
  });

  it('refuses a basic username with a colon', () => {
    expect(problems({ scheme: 'basic', username: 'alert:manager' })).toHaveLength(1);
  });
});
