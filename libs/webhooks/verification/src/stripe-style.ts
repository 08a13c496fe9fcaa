import { createHmac } from 'node:crypto';
import { DEFAULT_TOLERANCE_SECONDS, type StripeStyleAuthConfig } from './auth-config';
import { anyDigestEquals } from './constant-time';
import { readHeader } from './headers';
import { requireSecrets } from './secrets';
import { decodeSha256Signature } from './signature-encoding';
import { checkTimestamp } from './timestamp';
import type { Verifier, VerificationFailure } from './verification-result';
import { accepted, refused } from './verification-result';

const DEFAULT_HEADER = 'Stripe-Signature';

interface StripeSignature {
  timestamp: string;
  signatures: Buffer[];
}

/** `t=<unix>,v1=<hex>[,v1=<hex>...]`; other keys (v0, future schemes) are skipped. */
function parseHeader(value: string, label: string): StripeSignature | VerificationFailure {
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  let v1Count = 0;
  for (const element of value.split(',')) {
    const equals = element.indexOf('=');
    if (equals < 0) continue;
    const key = element.slice(0, equals).trim();
    const item = element.slice(equals + 1).trim();
    if (key === 't') {
      // Two timestamps leave it open which one the signature covers.
      if (timestamp !== undefined) return refused(`${label} has more than one timestamp`);
      timestamp = item;
    } else if (key === 'v1') {
      v1Count += 1;
      const signature = decodeSha256Signature(item, 'hex');
      if (signature !== undefined) signatures.push(signature);
    }
  }
  if (timestamp === undefined) return refused(`${label} has no timestamp`);
  if (v1Count === 0) return refused(`${label} has no v1 signature`);
  if (signatures.length === 0) return refused(`${label} is malformed`);
  return { timestamp, signatures };
}

export function createStripeStyleVerifier(config: StripeStyleAuthConfig, secrets: readonly string[]): Verifier {
  requireSecrets('stripe-style', secrets);
  const keys = secrets.map((secret) => Buffer.from(secret, 'utf8'));
  const label = config.header ?? DEFAULT_HEADER;
  const name = label.toLowerCase();
  const toleranceSeconds = config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;

  return (request, now) => {
    const header = readHeader(request.headers, name, label);
    if (typeof header !== 'string') return header;
    const parsed = parseHeader(header, label);
    if ('ok' in parsed) return parsed;
    const stale = checkTimestamp(parsed.timestamp, `${label} timestamp`, toleranceSeconds, now);
    if (stale !== undefined) return stale;

    for (const key of keys) {
      // Signed exactly as sent: the timestamp's own characters, then the raw body.
      const expected = createHmac('sha256', key).update(`${parsed.timestamp}.`).update(request.rawBody).digest();
      if (anyDigestEquals(expected, parsed.signatures)) return accepted(undefined, `hmac:${expected.toString('base64')}`);
    }
    return refused('signature does not match');
  };
}
