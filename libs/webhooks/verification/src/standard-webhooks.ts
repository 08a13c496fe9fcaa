import { createHmac } from 'node:crypto';
import { DEFAULT_TOLERANCE_SECONDS, type StandardWebhooksAuthConfig } from './auth-config';
import { anyDigestEquals } from './constant-time';
import { isDeliveryId, readHeader } from './headers';
import { requireSecrets } from './secrets';
import { decodeSha256Signature } from './signature-encoding';
import { checkTimestamp } from './timestamp';
import type { RequestToVerify, Verifier, VerificationFailure } from './verification-result';
import { accepted, refused } from './verification-result';

// https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The HMAC key: the secret without its `whsec_` prefix, base64-decoded. */
export function standardWebhooksKey(secret: string, index: number): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // Buffer.from(.., 'base64') would quietly drop invalid characters and sign with another key.
  if (!BASE64.test(encoded) || encoded.length % 4 === 1) {
    throw new Error(`standard-webhooks: secret #${index + 1} is not whsec_ followed by base64`);
  }
  return Buffer.from(encoded, 'base64');
}

/**
 * The v1 signatures of a `webhook-signature` header (`v1,<base64>` separated by spaces).
 * Other versions are skipped, as the spec asks, so a sender can add a v2 alongside.
 */
function parseSignatures(header: string): Buffer[] | VerificationFailure {
  const signatures: Buffer[] = [];
  let v1Count = 0;
  for (const entry of header.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    v1Count += 1;
    const signature = decodeSha256Signature(entry.slice(comma + 1), 'base64');
    if (signature !== undefined) signatures.push(signature);
  }
  if (v1Count === 0) return refused('webhook-signature has no v1 signature');
  if (signatures.length === 0) return refused('webhook-signature is malformed');
  return signatures;
}

/**
 * The spec's header names, or the `svix-` ones: the spec came from Svix, whose
 * senders (and libraries) still send `svix-id`, `svix-timestamp` and
 * `svix-signature` with the same meaning. The spec's names win when present.
 */
export function standardWebhooksHeaderNames(headers: RequestToVerify['headers']): { id: string; timestamp: string; signature: string } {
  const prefix = headers['webhook-id'] === undefined && headers['svix-id'] !== undefined ? 'svix' : 'webhook';
  return { id: `${prefix}-id`, timestamp: `${prefix}-timestamp`, signature: `${prefix}-signature` };
}

export function createStandardWebhooksVerifier(config: StandardWebhooksAuthConfig, secrets: readonly string[]): Verifier {
  requireSecrets('standard-webhooks', secrets);
  const keys = secrets.map(standardWebhooksKey);
  const toleranceSeconds = config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;

  return (request, now) => {
    const names = standardWebhooksHeaderNames(request.headers);
    const id = readHeader(request.headers, names.id, names.id);
    if (typeof id !== 'string') return id;
    const timestamp = readHeader(request.headers, names.timestamp, names.timestamp);
    if (typeof timestamp !== 'string') return timestamp;
    const header = readHeader(request.headers, names.signature, names.signature);
    if (typeof header !== 'string') return header;

    // Printable ASCII only, so the id signs as the same bytes the sender signed (Node hands
    // header values over as latin1) and is safe to log and to key the duplicate cache with.
    if (!isDeliveryId(id)) return refused(`${names.id} is malformed`);
    const stale = checkTimestamp(timestamp, names.timestamp, toleranceSeconds, now);
    if (stale !== undefined) return stale;
    const signatures = parseSignatures(header);
    if (!Array.isArray(signatures)) return signatures;

    // One HMAC per secret, not per signature; a rotation carries two secrets at most in practice.
    for (const key of keys) {
      // Header and body are fed separately so the (possibly large) body is never copied.
      const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(request.rawBody).digest();
      // The signed webhook-id is the spec's idempotency key: a replay must reuse it.
      if (anyDigestEquals(expected, signatures)) return accepted(id, `webhook-id:${id}`);
    }
    return refused('signature does not match');
  };
}
