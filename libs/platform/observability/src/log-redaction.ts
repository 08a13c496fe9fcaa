/**
 * What a log line may show of a request. Credentials hide in many places:
 * `Authorization`, `Cookie`, `X-Api-Key`, each sender's signature header
 * (`Stripe-Signature`, `X-PagerDuty-Signature`, `X-Hub-Signature-256`) and
 * the header an integration's own HMAC scheme names, which no fixed list can
 * know. So headers are shown by allowlist: these, which carry no secret and
 * help an operator trace a delivery, and every other value `[redacted]`.
 */
const loggableHeaders = new Set([
  'accept',
  'content-encoding',
  'content-length',
  'content-type',
  'host',
  'user-agent',
  'traceparent',
  'tracestate',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-request-id',
  // Delivery ids and timestamps: what an operator searches by; the signatures beside them stay hidden.
  'idempotency-key',
  'svix-id',
  'svix-timestamp',
  'webhook-id',
  'webhook-timestamp',
  'x-github-delivery',
  'x-github-event',
  'x-grafana-alerting-timestamp',
  'x-webhook-id',
]);

const censor = '[redacted]';

/** A header bag with every value outside the allowlist replaced. */
export function redactHeaders(headers: unknown): unknown {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, loggableHeaders.has(name.toLowerCase()) ? value : censor]));
}

/** A URL (or path) with every query parameter's value replaced: tokens and keys travel in query strings too. */
export function redactQuery(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const hashStart = url.indexOf('#', queryStart);
  const query = url.slice(queryStart + 1, hashStart === -1 ? undefined : hashStart);
  const redacted = query
    .split('&')
    .map((pair) => (pair === '' ? pair : `${pair.split('=')[0]}=${censor}`))
    .join('&');
  return `${url.slice(0, queryStart)}?${redacted}`;
}

/** The log object with `headers` and `url` fields made safe, at the top level and one level down (`req.headers`, `request.url`). */
export function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...object };
  for (const [key, value] of Object.entries(object)) {
    if (key === 'headers') result[key] = redactHeaders(value);
    else if (key === 'url') result[key] = redactQuery(value);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error) && ('headers' in value || 'url' in value)) {
      const nested: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if ('headers' in nested) nested['headers'] = redactHeaders(nested['headers']);
      if ('url' in nested) nested['url'] = redactQuery(nested['url']);
      result[key] = nested;
    }
  }
  return result;
}
