import type { BasicAuthConfig, BearerAuthConfig } from './auth-config';
import { digestsEqual, sha256 } from './constant-time';
import { readHeader } from './headers';
import { requireSecrets } from './secrets';
import type { RequestToVerify, Verifier, VerificationFailure } from './verification-result';
import { accepted, refused } from './verification-result';

// Static credentials are compared as SHA-256 digests: both sides are then 32 bytes, so the
// comparison reveals neither the secret's length nor how much of a guess was right.

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The credentials after `<scheme> ` in Authorization; the scheme name is case-insensitive (RFC 9110). */
function readCredentials(request: RequestToVerify, scheme: 'Bearer' | 'Basic'): string | VerificationFailure {
  const header = readHeader(request.headers, 'authorization', 'Authorization');
  if (typeof header !== 'string') return header;
  const space = header.indexOf(' ');
  const name = space < 0 ? header : header.slice(0, space);
  if (name.toLowerCase() !== scheme.toLowerCase()) return refused(`Authorization is not a ${scheme} credential`);
  const credentials = space < 0 ? '' : header.slice(space + 1).trim();
  if (credentials === '' || /\s/.test(credentials)) return refused('Authorization is malformed');
  return credentials;
}

function requireTokenSecrets(scheme: string, secrets: readonly string[]): void {
  requireSecrets(scheme, secrets);
  secrets.forEach((secret, index) => {
    if (/[\s\p{Cc}]/u.test(secret)) throw new Error(`${scheme}: secret #${index + 1} cannot be sent in a header`);
  });
}

export function createBearerVerifier(_config: BearerAuthConfig, secrets: readonly string[]): Verifier {
  requireTokenSecrets('bearer', secrets);
  const expected = secrets.map((secret) => sha256(Buffer.from(secret, 'utf8')));

  return (request) => {
    const token = readCredentials(request, 'Bearer');
    if (typeof token !== 'string') return token;
    // Node decodes header bytes as latin1; encoding back to latin1 recovers the bytes the
    // sender sent, which are the secret's UTF-8 bytes even when it is not ASCII.
    const actual = sha256(Buffer.from(token, 'latin1'));
    return expected.some((digest) => digestsEqual(digest, actual)) ? accepted(undefined) : refused('bearer token does not match');
  };
}

export function createBasicVerifier(config: BasicAuthConfig, secrets: readonly string[]): Verifier {
  requireSecrets('basic', secrets);
  // The password may hold any character; user and password are compared together, so a
  // refusal does not tell which of the two was wrong.
  const expected = secrets.map((password) => sha256(Buffer.from(`${config.username}:${password}`, 'utf8')));

  return (request) => {
    const token = readCredentials(request, 'Basic');
    if (typeof token !== 'string') return token;
    if (!BASE64.test(token) || token.length % 4 !== 0) return refused('Authorization is malformed');
    const userPass = Buffer.from(token, 'base64');
    if (!userPass.includes(0x3a)) return refused('Authorization is malformed');
    const actual = sha256(userPass);
    return expected.some((digest) => digestsEqual(digest, actual)) ? accepted(undefined) : refused('credentials do not match');
  };
}
