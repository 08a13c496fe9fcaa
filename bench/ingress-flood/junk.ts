import { randomBytes, randomUUID } from 'node:crypto';

/**
 * What an unauthenticated caller can throw at the webhook URLs, each with
 * the answer docs/ingress.md promises while the caller's address still has
 * refusal budget (afterwards every kind is 429, before any other check).
 */
export const junkKinds = {
  /** A guessed integration id: refused at the registry lookup, before the body. */
  'unknown-integration': { expected: 404 },
  /** The real URL, Standard Webhooks headers with a made-up signature over a ~1 KB delivery: the body is read and HMACed. */
  'bad-signature': { expected: 401 },
  /** Signed-looking, body not JSON: the signature fails first, so the body is never parsed. */
  'malformed-json': { expected: 401 },
  /** The same body at `/v2/enqueue`, whose credential is inside the body: the one route that must parse before it knows the caller. */
  'malformed-json-enqueue': { expected: 400 },
  /** The real URL, `text/plain`: refused before the body. */
  'wrong-content-type': { expected: 415 },
  /** Signed-looking ~1,000,000 bytes (under the 1 MiB body limit): buffered and HMACed before the 401, the costliest refusal. */
  'large-body': { expected: 401 },
} as const;

export type JunkKind = keyof typeof junkKinds;

export const junkKindNames = Object.keys(junkKinds) as JunkKind[];

export interface JunkRequest {
  kind: JunkKind;
  path: string;
  /** Without `webhook-timestamp`: stamped at send time (`stampHeaders`), so the signature check is reached, not the tolerance check. */
  headers: Record<string, string>;
  body: Buffer;
}

const largeBodyBytes = 1_000_000;

/** One request of each kind, built once: a flood resends the same bytes, as a cheap attacker would. */
export function junkRequests(integrationId: string): Record<JunkKind, JunkRequest> {
  const json = { 'content-type': 'application/json' };
  const signedLooking = (): Record<string, string> => ({
    ...json,
    'webhook-id': `junk-${randomUUID()}`,
    'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
  });
  const delivery = Buffer.from(JSON.stringify({ version: '4', status: 'firing', receiver: 'junk', alerts: [{ labels: { alertname: 'Junk', junk: 'x'.repeat(900) } }] }));
  const malformed = Buffer.from(`{"version":"4","status":"firing","alerts":[{"labels":{"alertname":"Junk","junk":"${'x'.repeat(900)}"`);
  const large = Buffer.from(`{"junk":"${'x'.repeat(largeBodyBytes - 12)}"}`);
  const webhook = `/webhooks/${integrationId}`;
  const requests: Record<JunkKind, Omit<JunkRequest, 'kind'>> = {
    'unknown-integration': { path: `/webhooks/${randomUUID()}`, headers: json, body: delivery },
    'bad-signature': { path: webhook, headers: signedLooking(), body: delivery },
    'malformed-json': { path: webhook, headers: signedLooking(), body: malformed },
    'malformed-json-enqueue': { path: '/v2/enqueue', headers: json, body: malformed },
    'wrong-content-type': { path: webhook, headers: { 'content-type': 'text/plain' }, body: delivery },
    'large-body': { path: webhook, headers: signedLooking(), body: large },
  };
  return Object.fromEntries(junkKindNames.map((kind) => [kind, { kind, ...requests[kind] }])) as Record<JunkKind, JunkRequest>;
}

/** The request's headers as sent at `now`: a current timestamp where it looks signed, and its length. */
export function stampHeaders(request: JunkRequest, now: number): Record<string, string> {
  const stamped: Record<string, string> = { ...request.headers, 'content-length': String(request.body.length) };
  if ('webhook-signature' in request.headers) stamped['webhook-timestamp'] = String(Math.floor(now / 1000));
  return stamped;
}
