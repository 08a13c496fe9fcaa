import type { AuthConfig } from './auth-config';
import { missingCredentialHeader } from './credential-headers';

describe('missingCredentialHeader', () => {
  it('names the signature header a GitHub-style delivery lacks', () => {
    expect(missingCredentialHeader({ scheme: 'hmac', preset: 'github' }, {})).toBe('missing header X-Hub-Signature-256');
  });

  it('names a configured timestamp header that is missing', () => {
    const auth: AuthConfig = { scheme: 'hmac', preset: 'grafana', timestampHeader: 'X-Grafana-Alerting-Signature-Timestamp' };

    expect(missingCredentialHeader(auth, { 'x-grafana-alerting-signature': 'ab' })).toBe('missing header X-Grafana-Alerting-Signature-Timestamp');
  });

  it('names the first Standard Webhooks header missing', () => {
    expect(missingCredentialHeader({ scheme: 'standard-webhooks' }, { 'webhook-id': 'msg_1' })).toBe('missing header webhook-timestamp');
  });

  it('passes a request whose headers are all there, signed rightly or not', () => {
    expect(missingCredentialHeader({ scheme: 'stripe-style' }, { 'stripe-signature': 't=1,v1=00' })).toBeUndefined();
  });
});
