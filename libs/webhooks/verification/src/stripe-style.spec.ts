import { createHmac } from 'node:crypto';
import type { AuthConfig } from './auth-config';
import type { RequestToVerify } from './verification-result';
import { createVerifier, verifyRequest } from './verify-request';

const auth: AuthConfig = { scheme: 'stripe-style' };
const secret = 'whsec_stripe_style_secret';
const now = new Date('2024-05-01T12:00:00Z');
const t = now.getTime() / 1000;
const body = '{"id":"evt_1","type":"monitor.down"}';

function v1(key: string, timestamp: number | string, content = body): string {
  return createHmac('sha256', key).update(`${timestamp}.${content}`).digest('hex');
}

function request(signatureHeader: string | undefined, rawBody = body, header = 'stripe-signature'): RequestToVerify {
  return { headers: { [header]: signatureHeader }, rawBody: Buffer.from(rawBody) };
}

describe('stripe-style verification', () => {
  it('verifies a v1 signature of "<t>.<body>"', () => {
    expect(verifyRequest(auth, [secret], request(`t=${t},v1=${v1(secret, t)}`), now)).toMatchObject({ ok: true });
  });

  it('accepts when only the second v1 signature matches', () => {
    const header = `t=${t},v1=${v1('other', t)},v1=${v1(secret, t)}`;
    expect(verifyRequest(auth, [secret], request(header), now)).toMatchObject({ ok: true });
  });

  it('ignores v0 signatures', () => {
    const header = `t=${t},v0=${'0'.repeat(64)},v1=${v1(secret, t)}`;
    expect(verifyRequest(auth, [secret], request(header), now)).toMatchObject({ ok: true });
  });

  it('refuses a tampered body', () => {
    const result = verifyRequest(auth, [secret], request(`t=${t},v1=${v1(secret, t)}`, `${body}\n`), now);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a signature made with another secret', () => {
    const result = verifyRequest(auth, [secret], request(`t=${t},v1=${v1('another secret', t)}`), now);
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a timestamp more than 300 s old', () => {
    const stale = t - 301;
    const result = verifyRequest(auth, [secret], request(`t=${stale},v1=${v1(secret, stale)}`), now);
    expect(result).toEqual({ ok: false, reason: 'Stripe-Signature timestamp outside the 300 s tolerance' });
  });

  it('refuses a timestamp more than 300 s in the future', () => {
    const future = t + 301;
    const result = verifyRequest(auth, [secret], request(`t=${future},v1=${v1(secret, future)}`), now);
    expect(result).toEqual({ ok: false, reason: 'Stripe-Signature timestamp outside the 300 s tolerance' });
  });

  it('refuses a non-numeric timestamp', () => {
    const result = verifyRequest(auth, [secret], request(`t=now,v1=${v1(secret, 'now')}`), now);
    expect(result).toEqual({ ok: false, reason: 'Stripe-Signature timestamp is not a Unix timestamp in seconds' });
  });

  it('refuses a header without a timestamp', () => {
    expect(verifyRequest(auth, [secret], request(`v1=${v1(secret, t)}`), now)).toEqual({ ok: false, reason: 'Stripe-Signature has no timestamp' });
  });

  it('refuses a header with two timestamps', () => {
    const header = `t=${t},t=${t + 1},v1=${v1(secret, t)}`;
    expect(verifyRequest(auth, [secret], request(header), now)).toEqual({ ok: false, reason: 'Stripe-Signature has more than one timestamp' });
  });

  it('refuses a header without a v1 signature', () => {
    expect(verifyRequest(auth, [secret], request(`t=${t}`), now)).toEqual({ ok: false, reason: 'Stripe-Signature has no v1 signature' });
  });

  it('refuses a truncated signature as malformed', () => {
    const header = `t=${t},v1=${v1(secret, t).slice(0, 40)}`;
    expect(verifyRequest(auth, [secret], request(header), now)).toEqual({ ok: false, reason: 'Stripe-Signature is malformed' });
  });

  it('refuses a request without the signature header', () => {
    expect(verifyRequest(auth, [secret], request(undefined), now)).toEqual({ ok: false, reason: 'missing header Stripe-Signature' });
  });

  it('reads the signature from a configured header', () => {
    const custom: AuthConfig = { scheme: 'stripe-style', header: 'X-Acme-Signature' };
    const result = verifyRequest(custom, [secret], request(`t=${t},v1=${v1(secret, t)}`, body, 'x-acme-signature'), now);
    expect(result).toMatchObject({ ok: true });
  });

  describe('during a secret rotation', () => {
    const verify = createVerifier(auth, ['new-secret', 'old-secret']);

    it('accepts a request signed with the new secret', () => {
      expect(verify(request(`t=${t},v1=${v1('new-secret', t)}`), now)).toMatchObject({ ok: true });
    });

    it('accepts a request signed with the old secret', () => {
      expect(verify(request(`t=${t},v1=${v1('old-secret', t)}`), now)).toMatchObject({ ok: true });
    });

    it('refuses a request signed with a secret that is neither', () => {
      expect(verify(request(`t=${t},v1=${v1('third-secret', t)}`), now)).toEqual({ ok: false, reason: 'signature does not match' });
    });
  });
});
