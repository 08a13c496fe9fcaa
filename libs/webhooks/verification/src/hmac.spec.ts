import { createHmac } from 'node:crypto';
import type { AuthConfig, HmacAuthConfig } from './auth-config';
import { resolveHmacSettings } from './hmac';
import type { RequestToVerify } from './verification-result';
import { createVerifier, verifyRequest } from './verify-request';

const now = new Date('2024-05-01T12:00:00Z');
const nowSeconds = String(now.getTime() / 1000);
const secret = 'grafana-shared-secret';
const body = '{"receiver":"hookline","status":"firing","alerts":[]}';

function hmacHex(key: string, content: string): string {
  return createHmac('sha256', key).update(content).digest('hex');
}

function request(headers: Record<string, string>, rawBody = body): RequestToVerify {
  return { headers, rawBody: Buffer.from(rawBody) };
}

describe('hmac verification with the github preset', () => {
  // Known-answer vector from shared fixtures signatures/github.json (GitHub docs,
  // "Validating webhook deliveries").
  const vector = {
    secret: "It's a Secret to Everybody",
    body: 'Hello, World!',
    signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  };
  const github: AuthConfig = { scheme: 'hmac', preset: 'github' };

  it('verifies GitHub’s published vector', () => {
    const result = verifyRequest(github, [vector.secret], request({ 'x-hub-signature-256': vector.signature }, vector.body), now);
    expect(result).toMatchObject({ ok: true });
  });

  it('returns X-GitHub-Delivery as the delivery id', () => {
    const headers = { 'x-hub-signature-256': vector.signature, 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' };
    const result = verifyRequest(github, [vector.secret], request(headers, vector.body), now);
    expect(result).toMatchObject({ ok: true, deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
  });

  it('gives a replay the same replay key whatever unsigned delivery id it carries', () => {
    const signed = { 'x-hub-signature-256': vector.signature };
    const original = verifyRequest(github, [vector.secret], request({ ...signed, 'x-github-delivery': 'first' }, vector.body), now);
    const replay = verifyRequest(github, [vector.secret], request({ ...signed, 'x-github-delivery': 'second' }, vector.body), now);

    expect(original.ok && replay.ok && original.replayKey).toBe(replay.ok && replay.replayKey);
    expect(original).toMatchObject({ replayKey: expect.stringMatching(/^hmac:/) });
  });

  it('refuses a tampered body', () => {
    const result = verifyRequest(github, [vector.secret], request({ 'x-hub-signature-256': vector.signature }, 'Hello, World?'), now);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a signature made with another secret', () => {
    const result = verifyRequest(github, ['another secret'], request({ 'x-hub-signature-256': vector.signature }, vector.body), now);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a signature without the sha256= prefix', () => {
    const bare = vector.signature.slice('sha256='.length);
    const result = verifyRequest(github, [vector.secret], request({ 'x-hub-signature-256': bare }, vector.body), now);
    expect(result).toEqual({ ok: false, reason: 'X-Hub-Signature-256 does not start with sha256=' });
  });

  it('refuses a truncated signature as malformed', () => {
    const truncated = vector.signature.slice(0, -2);
    const result = verifyRequest(github, [vector.secret], request({ 'x-hub-signature-256': truncated }, vector.body), now);
    expect(result).toEqual({ ok: false, reason: 'X-Hub-Signature-256 is malformed' });
  });

  it('refuses a signature padded with characters that are not hex', () => {
    const padded = `${vector.signature.slice(0, -1)}z`;
    const result = verifyRequest(github, [vector.secret], request({ 'x-hub-signature-256': padded }, vector.body), now);
    expect(result).toEqual({ ok: false, reason: 'X-Hub-Signature-256 is malformed' });
  });

  it('refuses a request without the signature header', () => {
    const result = verifyRequest(github, [vector.secret], request({}, vector.body), now);
    expect(result).toEqual({ ok: false, reason: 'missing header X-Hub-Signature-256' });
  });
});

describe('hmac verification with the grafana preset', () => {
  it('verifies lowercase hex of the body when no timestamp header is configured', () => {
    const auth: AuthConfig = { scheme: 'hmac', preset: 'grafana' };
    const headers = { 'x-grafana-alerting-signature': hmacHex(secret, body) };
    expect(verifyRequest(auth, [secret], request(headers), now)).toMatchObject({ ok: true });
  });

  it('reads the signature from a renamed header', () => {
    const auth: AuthConfig = { scheme: 'hmac', preset: 'grafana', header: 'X-Hookline-Signature' };
    const headers = { 'x-hookline-signature': hmacHex(secret, body) };
    expect(verifyRequest(auth, [secret], request(headers), now)).toMatchObject({ ok: true });
  });

  describe('with a timestamp header', () => {
    const auth: AuthConfig = { scheme: 'hmac', preset: 'grafana', timestampHeader: 'X-Grafana-Alerting-Timestamp' };

    it('verifies lowercase hex of "<timestamp>:<body>"', () => {
      const headers = { 'x-grafana-alerting-signature': hmacHex(secret, `${nowSeconds}:${body}`), 'x-grafana-alerting-timestamp': nowSeconds };
      expect(verifyRequest(auth, [secret], request(headers), now)).toMatchObject({ ok: true });
    });

    it('refuses a signature of the body alone', () => {
      const headers = { 'x-grafana-alerting-signature': hmacHex(secret, body), 'x-grafana-alerting-timestamp': nowSeconds };
      expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({ ok: false, reason: 'signature does not match' });
    });

    it('refuses a timestamp rewritten after signing', () => {
      const later = String(Number(nowSeconds) + 10);
      const headers = { 'x-grafana-alerting-signature': hmacHex(secret, `${nowSeconds}:${body}`), 'x-grafana-alerting-timestamp': later };
      expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({ ok: false, reason: 'signature does not match' });
    });

    it('refuses a stale timestamp', () => {
      const stale = String(Number(nowSeconds) - 301);
      const headers = { 'x-grafana-alerting-signature': hmacHex(secret, `${stale}:${body}`), 'x-grafana-alerting-timestamp': stale };
      expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({
        ok: false,
        reason: 'X-Grafana-Alerting-Timestamp outside the 300 s tolerance',
      });
    });

    it('refuses a timestamp in the future', () => {
      const future = String(Number(nowSeconds) + 301);
      const headers = { 'x-grafana-alerting-signature': hmacHex(secret, `${future}:${body}`), 'x-grafana-alerting-timestamp': future };
      expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({
        ok: false,
        reason: 'X-Grafana-Alerting-Timestamp outside the 300 s tolerance',
      });
    });

    it('refuses a non-numeric timestamp', () => {
      const headers = { 'x-grafana-alerting-signature': hmacHex(secret, `soon:${body}`), 'x-grafana-alerting-timestamp': 'soon' };
      expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({
        ok: false,
        reason: 'X-Grafana-Alerting-Timestamp is not a Unix timestamp in seconds',
      });
    });

    it('refuses a request without the timestamp header', () => {
      const headers = { 'x-grafana-alerting-signature': hmacHex(secret, `${nowSeconds}:${body}`) };
      expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({ ok: false, reason: 'missing header X-Grafana-Alerting-Timestamp' });
    });
  });
});

describe('hmac verification with the pagerduty-v3 preset', () => {
  const auth: AuthConfig = { scheme: 'hmac', preset: 'pagerduty-v3' };
  const other = hmacHex('some other secret', body);

  it('accepts when the second signature of the list matches', () => {
    const headers = { 'x-pagerduty-signature': `v1=${other},v1=${hmacHex(secret, body)}` };
    expect(verifyRequest(auth, [secret], request(headers), now)).toMatchObject({ ok: true });
  });

  it('accepts a list written with spaces after the commas', () => {
    const headers = { 'x-pagerduty-signature': `v1=${other}, v1=${hmacHex(secret, body)}` };
    expect(verifyRequest(auth, [secret], request(headers), now)).toMatchObject({ ok: true });
  });

  it('returns X-Webhook-Id as the delivery id', () => {
    const headers = { 'x-pagerduty-signature': `v1=${hmacHex(secret, body)}`, 'x-webhook-id': '9bd1a3c0-1f62-4d4e-8a9b-2b1f4f0c7f1e' };
    expect(verifyRequest(auth, [secret], request(headers), now)).toMatchObject({ ok: true, deliveryId: '9bd1a3c0-1f62-4d4e-8a9b-2b1f4f0c7f1e' });
  });

  it('refuses a list in which no signature matches', () => {
    const headers = { 'x-pagerduty-signature': `v1=${other},v1=${other}` };
    expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a list without any v1 signature', () => {
    const headers = { 'x-pagerduty-signature': `v0=${hmacHex(secret, body)}` };
    expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({ ok: false, reason: 'X-PagerDuty-Signature has no v1= signature' });
  });

  it('refuses a tampered body', () => {
    const headers = { 'x-pagerduty-signature': `v1=${hmacHex(secret, body)}` };
    expect(verifyRequest(auth, [secret], request(headers, `${body} `), now)).toEqual({ ok: false, reason: 'signature does not match' });
  });
});

describe('hmac verification configured without a preset', () => {
  const auth: AuthConfig = {
    scheme: 'hmac',
    header: 'X-Signature',
    encoding: 'base64',
    prefix: 'hmac-sha256=',
    timestampHeader: 'X-Timestamp',
    signedContent: 'timestamp.body',
    toleranceSeconds: 60,
  };
  const signature = (timestamp: string): string =>
    `hmac-sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('base64')}`;

  it('verifies a base64 signature of "<timestamp>.<body>" after the configured prefix', () => {
    const headers = { 'x-signature': signature(nowSeconds), 'x-timestamp': nowSeconds };
    expect(verifyRequest(auth, [secret], request(headers), now)).toMatchObject({ ok: true });
  });

  it('refuses a timestamp outside the configured tolerance', () => {
    const stale = String(Number(nowSeconds) - 61);
    const headers = { 'x-signature': signature(stale), 'x-timestamp': stale };
    expect(verifyRequest(auth, [secret], request(headers), now)).toEqual({ ok: false, reason: 'X-Timestamp outside the 60 s tolerance' });
  });

  it('uses the secret’s UTF-8 bytes as the key', () => {
    const plain: AuthConfig = { scheme: 'hmac', header: 'X-Signature' };
    const unicodeSecret = 'clé-secrète-🔑';
    const headers = { 'x-signature': createHmac('sha256', Buffer.from(unicodeSecret, 'utf8')).update(body).digest('hex') };
    expect(verifyRequest(plain, [unicodeSecret], request(headers), now)).toMatchObject({ ok: true });
  });
});

describe('hmac verification during a secret rotation', () => {
  const auth: AuthConfig = { scheme: 'hmac', preset: 'grafana' };
  const verify = createVerifier(auth, ['new-secret', 'old-secret']);
  const signedWith = (key: string): RequestToVerify => request({ 'x-grafana-alerting-signature': hmacHex(key, body) });

  it('accepts a request signed with the new secret', () => {
    expect(verify(signedWith('new-secret'), now)).toMatchObject({ ok: true });
  });

  it('accepts a request signed with the old secret', () => {
    expect(verify(signedWith('old-secret'), now)).toMatchObject({ ok: true });
  });

  it('refuses a request signed with a secret that is neither', () => {
    expect(verify(signedWith('third-secret'), now)).toEqual({ ok: false, reason: 'signature does not match' });
  });
});

describe('resolveHmacSettings', () => {
  it('fills the preset’s defaults and lower-cases header names for lookups', () => {
    expect(resolveHmacSettings({ scheme: 'hmac', preset: 'github' })).toEqual({
      header: { name: 'x-hub-signature-256', label: 'X-Hub-Signature-256' },
      encoding: 'hex',
      prefix: 'sha256=',
      listSeparator: undefined,
      timestamp: undefined,
      deliveryIdHeader: 'x-github-delivery',
    });
  });

  it('throws on a config that skipped the schema and has no header', () => {
    const config = { scheme: 'hmac' } satisfies HmacAuthConfig;
    expect(() => resolveHmacSettings(config)).toThrow('header is required without a preset');
  });

  it('throws on a timestamp header that the signature does not cover', () => {
    const config: HmacAuthConfig = { scheme: 'hmac', header: 'X-Signature', timestampHeader: 'X-Timestamp', signedContent: 'body' };
    expect(() => resolveHmacSettings(config)).toThrow('a timestampHeader must be part of the signed content');
  });
});
