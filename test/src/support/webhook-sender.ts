import { createHmac } from 'node:crypto';

/** An integration as `POST /api/integrations` answers it. */
export interface Integration {
  id: string;
  webhookUrl: string;
  /** Shown once; for PagerDuty Events integrations, the routing key. */
  secret?: string;
}

/** One HTTP attempt of a delivery. Built again for every attempt, since signatures may cover a timestamp. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryResult {
  status: number;
  body: Record<string, unknown>;
  attempts: number;
}

const json = { 'content-type': 'application/json' };

/** How each kind of sender signs and addresses a delivery, as the real senders do. */
export const senders = {
  /** Alertmanager with `http_config.authorization` (and Datadog's custom header): a bearer secret. */
  bearer: (integration: Integration, payload: unknown): WebhookRequest => ({
    url: integration.webhookUrl,
    headers: { ...json, authorization: `Bearer ${integration.secret ?? ''}` },
    body: JSON.stringify(payload),
  }),
  /** Grafana's webhook contact point with an HMAC secret: lowercase hex of HMAC-SHA256 of the body, key as UTF-8. */
  grafana: (integration: Integration, payload: unknown): WebhookRequest => {
    const body = JSON.stringify(payload);
    const signature = createHmac('sha256', Buffer.from(integration.secret ?? '', 'utf8')).update(body).digest('hex');
    return { url: integration.webhookUrl, headers: { ...json, 'x-grafana-alerting-signature': signature }, body };
  },
  /** Standard Webhooks: the same message id on every retry, a fresh timestamp and signature on each attempt. */
  standardWebhooks: (integration: Integration, payload: unknown, messageId: string): WebhookRequest => {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const key = Buffer.from((integration.secret ?? '').replace(/^whsec_/, ''), 'base64');
    const signature = createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64');
    return {
      url: integration.webhookUrl,
      headers: { ...json, 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` },
      body,
    };
  },
  /** PagerDuty Events API v2: the routing key in the body is the credential; always `POST /v2/enqueue`. */
  pagerDuty: (ingressUrl: string, payload: unknown): WebhookRequest => ({ url: `${ingressUrl}/v2/enqueue`, headers: json, body: JSON.stringify(payload) }),
};

export interface DeliverOptions {
  /** Give up after this long; real senders retry for hours, a test for as long as its fault lasts. */
  retryForMs?: number;
  /** Pause between attempts. Real senders back off for seconds to minutes; a short pause keeps a spec quick. */
  retryDelayMs?: number;
}

/**
 * Sends a delivery as a real sender does: an answer of 503 (Kafka
 * unavailable), a 5xx or a refused connection is retried with the same
 * delivery (same bytes, or the same message id), until the ingress answers
 * something else or `retryForMs` runs out (then the last answer is returned,
 * or the connection error thrown).
 */
export async function deliver(build: () => WebhookRequest, options: DeliverOptions = {}): Promise<DeliveryResult> {
  const deadline = Date.now() + (options.retryForMs ?? 120_000);
  for (let attempts = 1; ; attempts += 1) {
    const request = build();
    try {
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(30_000) });
      const text = await response.text();
      const result = { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>, attempts };
      if (response.status < 500 || Date.now() >= deadline) return result;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 500));
  }
}

export interface StreamCounts {
  sent: number;
  /** Answered 202: Kafka has the delivery's alerts. */
  acknowledged: number;
  /** Answered 200 duplicate: the ingress had already acknowledged these bytes. */
  duplicates: number;
  /** Anything else after every retry. */
  refused: number;
  /** Attempts beyond the first, summed: how many times a sender had to retry. */
  retries: number;
}

export interface StreamOptions extends DeliverOptions {
  /** Deliveries in flight at once (default 8). */
  concurrency?: number;
  /** Spread the deliveries over time (an arrival rate), instead of sending as fast as the ingress answers. */
  ratePerSecond?: number;
  onSent?: (answered: number) => void | Promise<void>;
}

/**
 * Sends many deliveries, `concurrency` at a time (as many monitors would,
 * over the same keep-alive pool), each with `deliver`'s retries, as fast as
 * they are answered or at `ratePerSecond`. `onSent`
 * runs after each delivery is answered, with how many have been so far:
 * a spec uses it to inject a fault part-way through the stream.
 */
export async function deliverAll(
  builds: readonly (() => WebhookRequest)[],
  options: StreamOptions = {},
): Promise<StreamCounts> {
  const counts: StreamCounts = { sent: builds.length, acknowledged: 0, duplicates: 0, refused: 0, retries: 0 };
  const startedAt = Date.now();
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < builds.length) {
      const index = next;
      const build = builds[index];
      next += 1;
      if (!build) continue;
      if (options.ratePerSecond !== undefined) {
        const due = startedAt + (index * 1_000) / options.ratePerSecond;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
      const result = await deliver(build, options);
      counts.retries += result.attempts - 1;
      if (result.status === 202) counts.acknowledged += 1;
      else if (result.status === 200 && result.body['status'] === 'duplicate') counts.duplicates += 1;
      else counts.refused += 1;
      answered += 1;
      await options.onSent?.(answered);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return counts;
}
