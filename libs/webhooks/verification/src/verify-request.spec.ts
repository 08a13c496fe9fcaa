import type { AuthConfig } from './auth-config';
import { createVerifier, verifyRequest } from './verify-request';

const bearer: AuthConfig = { scheme: 'bearer' };
const request = { headers: { authorization: 'Bearer token' }, rawBody: Buffer.alloc(0) };

describe('createVerifier', () => {
  it('returns a verifier that can be reused for many requests', () => {
    const verify = createVerifier(bearer, ['token']);
    expect([verify(request, new Date()), verify(request, new Date())]).toEqual([{ ok: true }, { ok: true }]);
  });

  it('throws when the integration has no secret, since nothing could ever verify', () => {
    expect(() => createVerifier(bearer, [])).toThrow('bearer: no secret configured');
  });

  it('throws on an empty secret', () => {
    expect(() => createVerifier({ scheme: 'hmac', preset: 'github' }, ['current', ''])).toThrow('hmac: secret #2 is empty');
  });
});

describe('verifyRequest', () => {
  it('verifies with the scheme the config names', () => {
    expect(verifyRequest(bearer, ['token'], request, new Date())).toEqual({ ok: true });
  });

  it('throws on an invalid Date instead of skipping the timestamp check', () => {
    const auth: AuthConfig = { scheme: 'stripe-style' };
    const stripe = { headers: { 'stripe-signature': `t=1700000000,v1=${'0'.repeat(64)}` }, rawBody: Buffer.alloc(0) };
    expect(() => verifyRequest(auth, ['secret'], stripe, new Date(Number.NaN))).toThrow('now is not a valid Date');
  });
});
