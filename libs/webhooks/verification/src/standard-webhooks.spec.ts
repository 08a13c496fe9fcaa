import { createHmac } from 'node:crypto';
import type { AuthConfig } from './auth-config';
import type { RequestToVerify } from './verification-result';
import { missingCredentialHeader } from './credential-headers';
import { createVerifier, verifyRequest } from './verify-request';

// Known-answer vector from shared fixtures signatures/standard-webhooks.json
// (standard-webhooks spec v1.0.0 and its JavaScript/Python/Go library tests).
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const mustNotVerify = [
  'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=',
  'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd',
  'v1,dawfeoifkpqwoekfpqoekf',
];

const auth: AuthConfig = { scheme: 'standard-webhooks' };
const atVectorTime = new Date(vector.timestamp * 1000);
const secondsAfterVector = (seconds: number): Date => new Date((vector.timestamp + seconds) * 1000);

function request(overrides: Partial<Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string | undefined>> = {}, body = vector.body): RequestToVerify {
  return {
    headers: {
      'webhook-id': vector.id,
      'webhook-timestamp': String(vector.timestamp),
      'webhook-signature': vector.signature,
      ...overrides,
    },
    rawBody: Buffer.from(body),
  };
}

/** Signs like a Standard Webhooks sender, independently of the code under test. */
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('standard-webhooks verification', () => {
  it('verifies the spec’s published vector at its timestamp', () => {
    expect(verifyRequest(auth, [vector.secret], request(), atVectorTime)).toMatchObject({ ok: true, deliveryId: vector.id });
  });

  it('verifies the same vector under the svix-id, svix-timestamp and svix-signature names Svix-based senders use', () => {
    const svix: RequestToVerify = {
      headers: { 'svix-id': vector.id, 'svix-timestamp': String(vector.timestamp), 'svix-signature': vector.signature },
      rawBody: Buffer.from(vector.body),
    };

    expect(verifyRequest(auth, [vector.secret], svix, atVectorTime)).toMatchObject({ ok: true, deliveryId: vector.id });
    expect(missingCredentialHeader(auth, svix.headers)).toBeUndefined();
    const tampered = { ...svix, headers: { ...svix.headers, 'svix-signature': mustNotVerify[0] as string } };
    expect(verifyRequest(auth, [vector.secret], tampered, atVectorTime)).toMatchObject({ ok: false });
  });

  it('names the svix header that is missing when a Svix-style delivery lacks one', () => {
    expect(missingCredentialHeader(auth, { 'svix-id': vector.id, 'svix-timestamp': String(vector.timestamp) })).toBe('missing header svix-signature');
  });

  it.each(mustNotVerify)('refuses the spec’s must-not-verify signature %s', (signature) => {
    expect(verifyRequest(auth, [vector.secret], request({ 'webhook-signature': signature }), atVectorTime)).toMatchObject({ ok: false });
  });

  it('refuses a signature that differs in its last character as not matching', () => {
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-signature': mustNotVerify[0] }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a truncated signature as malformed', () => {
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf' }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'webhook-signature is malformed' });
  });

  it('refuses a tampered body', () => {
    const result = verifyRequest(auth, [vector.secret], request({}, '{"test": 2432232315}'), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a body that differs only in whitespace, because it checks the raw bytes', () => {
    const result = verifyRequest(auth, [vector.secret], request({}, '{"test":2432232314}'), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a signature made with another secret', () => {
    const result = verifyRequest(auth, ['whsec_' + Buffer.alloc(24, 7).toString('base64')], request(), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a signature taken from another delivery id', () => {
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-id': 'msg_other' }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('accepts a timestamp exactly 300 s old', () => {
    expect(verifyRequest(auth, [vector.secret], request(), secondsAfterVector(300))).toMatchObject({ ok: true });
  });

  it('refuses a timestamp more than 300 s old', () => {
    const result = verifyRequest(auth, [vector.secret], request(), secondsAfterVector(301));
    expect(result).toEqual({ ok: false, reason: 'webhook-timestamp outside the 300 s tolerance' });
  });

  it('refuses a timestamp more than 300 s in the future', () => {
    const result = verifyRequest(auth, [vector.secret], request(), secondsAfterVector(-301));
    expect(result).toEqual({ ok: false, reason: 'webhook-timestamp outside the 300 s tolerance' });
  });

  it('uses the configured tolerance instead of 300 s', () => {
    const result = verifyRequest({ scheme: 'standard-webhooks', toleranceSeconds: 60 }, [vector.secret], request(), secondsAfterVector(61));
    expect(result).toEqual({ ok: false, reason: 'webhook-timestamp outside the 60 s tolerance' });
  });

  it('refuses a non-numeric timestamp', () => {
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-timestamp': '1614265330.5' }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'webhook-timestamp is not a Unix timestamp in seconds' });
  });

  it('refuses a timestamp in milliseconds', () => {
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-timestamp': '1614265330000' }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'webhook-timestamp is not a Unix timestamp in seconds' });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)('refuses a request without %s', (header) => {
    const result = verifyRequest(auth, [vector.secret], request({ [header]: undefined }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: `missing header ${header}` });
  });

  it('refuses a webhook-signature header sent twice', () => {
    const twice: RequestToVerify = { ...request(), headers: { ...request().headers, 'webhook-signature': [vector.signature, vector.signature] } };
    expect(verifyRequest(auth, [vector.secret], twice, atVectorTime)).toEqual({ ok: false, reason: 'header webhook-signature appears more than once' });
  });

  it('refuses a webhook-id with characters that cannot be logged safely', () => {
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-id': 'msg with spaces' }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'webhook-id is malformed' });
  });

  it('accepts when only the second of several signatures matches', () => {
    const header = `${mustNotVerify[0]} ${vector.signature}`;
    expect(verifyRequest(auth, [vector.secret], request({ 'webhook-signature': header }), atVectorTime)).toMatchObject({ ok: true });
  });

  it('accepts a matching signature listed after a truncated one', () => {
    const header = `${mustNotVerify[2]} ${vector.signature}`;
    expect(verifyRequest(auth, [vector.secret], request({ 'webhook-signature': header }), atVectorTime)).toMatchObject({ ok: true });
  });

  it('ignores signatures of versions other than v1', () => {
    const v2Only = vector.signature.replace('v1,', 'v2,');
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-signature': v2Only }), atVectorTime);
    expect(result).toEqual({ ok: false, reason: 'webhook-signature has no v1 signature' });
  });

  it('accepts a secret given without the whsec_ prefix', () => {
    const unprefixed = vector.secret.slice('whsec_'.length);
    expect(verifyRequest(auth, [unprefixed], request(), atVectorTime)).toMatchObject({ ok: true });
  });

  describe('during a secret rotation', () => {
    const oldSecret = vector.secret;
    const newSecret = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
    const thirdSecret = 'whsec_' + Buffer.alloc(32, 2).toString('base64');
    const verify = createVerifier(auth, [newSecret, oldSecret]);
    const signedWith = (secret: string): RequestToVerify =>
      request({ 'webhook-signature': sign(secret, vector.id, vector.timestamp, vector.body) });

    it('accepts a request signed with the new secret', () => {
      expect(verify(signedWith(newSecret), atVectorTime)).toMatchObject({ ok: true });
    });

    it('accepts a request signed with the old secret', () => {
      expect(verify(signedWith(oldSecret), atVectorTime)).toMatchObject({ ok: true });
    });

    it('refuses a request signed with a secret that is neither', () => {
      expect(verify(signedWith(thirdSecret), atVectorTime)).toEqual({ ok: false, reason: 'signature does not match' });
    });
  });

  it('never puts the secret or the expected signature in the reason', () => {
    const result = verifyRequest(auth, [vector.secret], request({ 'webhook-signature': mustNotVerify[0] }), atVectorTime);
    const reason = result.ok ? '' : result.reason;
    expect(reason).not.toContain(vector.signature.slice(3));
    expect(reason).not.toContain(vector.secret.slice(6));
  });

  it('throws when a secret is not base64, instead of verifying with another key', () => {
    expect(() => createVerifier(auth, ['whsec_not*base64'])).toThrow('standard-webhooks: secret #1 is not whsec_ followed by base64');
  });
});
