import type { AuthConfig } from './auth-config';
import type { RequestToVerify } from './verification-result';
import { createVerifier, verifyRequest } from './verify-request';

const now = new Date('2024-05-01T12:00:00Z');

function withAuthorization(value: string | undefined): RequestToVerify {
  return { headers: { authorization: value }, rawBody: Buffer.from('{}') };
}

function basic(userPass: string): string {
  return `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;
}

describe('bearer verification', () => {
  const auth: AuthConfig = { scheme: 'bearer' };
  const token = 'q3Jd8XvV0m2bYpGZ6k1h4s7u9w0yA2cE4gI6kM8oQ0s';

  it('accepts the configured token', () => {
    expect(verifyRequest(auth, [token], withAuthorization(`Bearer ${token}`), now)).toEqual({ ok: true });
  });

  it('accepts the scheme name in any case', () => {
    expect(verifyRequest(auth, [token], withAuthorization(`bearer ${token}`), now)).toEqual({ ok: true });
  });

  it('refuses another token', () => {
    expect(verifyRequest(auth, [token], withAuthorization(`Bearer ${token}x`), now)).toEqual({ ok: false, reason: 'bearer token does not match' });
  });

  it('refuses a prefix of the token', () => {
    expect(verifyRequest(auth, [token], withAuthorization(`Bearer ${token.slice(0, 10)}`), now)).toEqual({
      ok: false,
      reason: 'bearer token does not match',
    });
  });

  it('refuses a request without Authorization', () => {
    expect(verifyRequest(auth, [token], withAuthorization(undefined), now)).toEqual({ ok: false, reason: 'missing header Authorization' });
  });

  it('refuses Basic credentials', () => {
    expect(verifyRequest(auth, [token], withAuthorization(basic(`user:${token}`)), now)).toEqual({
      ok: false,
      reason: 'Authorization is not a Bearer credential',
    });
  });

  it('refuses a bare token without the scheme name', () => {
    expect(verifyRequest(auth, [token], withAuthorization(token), now)).toEqual({ ok: false, reason: 'Authorization is not a Bearer credential' });
  });

  it('refuses a token with a space in it as malformed', () => {
    expect(verifyRequest(auth, [token], withAuthorization(`Bearer ${token} extra`), now)).toEqual({ ok: false, reason: 'Authorization is malformed' });
  });

  it('accepts a non-ASCII token sent as UTF-8 and decoded by Node as latin1', () => {
    const unicodeToken = 'jeton-sécurisé';
    const asNodeGivesIt = Buffer.from(unicodeToken, 'utf8').toString('latin1');
    expect(verifyRequest(auth, [unicodeToken], withAuthorization(`Bearer ${asNodeGivesIt}`), now)).toEqual({ ok: true });
  });

  describe('during a secret rotation', () => {
    const verify = createVerifier(auth, ['new-token', 'old-token']);

    it('accepts the new token', () => {
      expect(verify(withAuthorization('Bearer new-token'), now)).toEqual({ ok: true });
    });

    it('accepts the old token', () => {
      expect(verify(withAuthorization('Bearer old-token'), now)).toEqual({ ok: true });
    });

    it('refuses a token that is neither', () => {
      expect(verify(withAuthorization('Bearer third-token'), now)).toEqual({ ok: false, reason: 'bearer token does not match' });
    });
  });

  it('throws on a secret that cannot be sent in a header', () => {
    expect(() => createVerifier(auth, ['two words'])).toThrow('bearer: secret #1 cannot be sent in a header');
  });
});

describe('basic verification', () => {
  const auth: AuthConfig = { scheme: 'basic', username: 'alertmanager' };
  const password = 'pa55:word with a colon';

  it('accepts the configured username and password', () => {
    expect(verifyRequest(auth, [password], withAuthorization(basic(`alertmanager:${password}`)), now)).toEqual({ ok: true });
  });

  it('refuses a wrong password', () => {
    expect(verifyRequest(auth, [password], withAuthorization(basic('alertmanager:guess')), now)).toEqual({
      ok: false,
      reason: 'credentials do not match',
    });
  });

  it('refuses a wrong username with the right password', () => {
    expect(verifyRequest(auth, [password], withAuthorization(basic(`grafana:${password}`)), now)).toEqual({
      ok: false,
      reason: 'credentials do not match',
    });
  });

  it('refuses credentials that are not base64', () => {
    expect(verifyRequest(auth, [password], withAuthorization('Basic alertmanager:secret'), now)).toEqual({
      ok: false,
      reason: 'Authorization is malformed',
    });
  });

  it('refuses credentials without a colon', () => {
    expect(verifyRequest(auth, [password], withAuthorization(basic('alertmanager')), now)).toEqual({ ok: false, reason: 'Authorization is malformed' });
  });

  it('refuses a Basic header without credentials', () => {
    expect(verifyRequest(auth, [password], withAuthorization('Basic'), now)).toEqual({ ok: false, reason: 'Authorization is malformed' });
  });

  it('refuses a Bearer token', () => {
    expect(verifyRequest(auth, [password], withAuthorization(`Bearer ${password}`), now)).toEqual({
      ok: false,
      reason: 'Authorization is not a Basic credential',
    });
  });

  describe('during a secret rotation', () => {
    const verify = createVerifier(auth, ['new-password', 'old-password']);

    it('accepts the new password', () => {
      expect(verify(withAuthorization(basic('alertmanager:new-password')), now)).toEqual({ ok: true });
    });

    it('accepts the old password', () => {
      expect(verify(withAuthorization(basic('alertmanager:old-password')), now)).toEqual({ ok: true });
    });

    it('refuses a password that is neither', () => {
      expect(verify(withAuthorization(basic('alertmanager:third-password')), now)).toEqual({ ok: false, reason: 'credentials do not match' });
    });
  });
});
