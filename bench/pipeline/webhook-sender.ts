import { Agent, request } from 'node:http';

/** The ingress's answer to one attempt. `status` 0: no answer (connection refused, reset, timeout). */
export interface Answer {
  status: number;
  /** For a 202: the delivery id and how many alert events it published. */
  deliveryId?: string;
  alerts?: number;
  retryAfterSeconds?: number;
}

/** How one webhook ended after the sender's retries. */
export interface Delivered {
  answer: Answer;
  attempts: number;
  /** Answers that made the sender try again, by status. */
  retriedOn: number[];
}

// A sender that retries a refused delivery after the ingress's Retry-After waits no longer than this:
// Alertmanager retries with a backoff of its own, and a bench that idles for 5 s measures nothing.
const maxRetryDelayMs = 1_000;
const maxAttempts = 20;
const requestTimeoutMs = 30_000;

/**
 * Posts Alertmanager webhooks to one integration as Alertmanager does with
 * `http_config.authorization` (a bearer token, no signature), over
 * keep-alive connections.
 */
export class WebhookSender {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(webhookUrl: string, private readonly token: string, maxSockets: number) {
    this.url = new URL(webhookUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** One attempt. */
  post(body: Buffer): Promise<Answer> {
    return new Promise((resolve) => {
      const outgoing = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          timeout: requestTimeoutMs,
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'content-length': String(body.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('error', () => resolve({ status: 0 }));
          response.once('end', () => resolve(answerOf(response.statusCode ?? 0, response.headers['retry-after'], Buffer.concat(chunks))));
        },
      );
      outgoing.once('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.once('error', () => resolve({ status: 0 }));
      outgoing.end(body);
    });
  }

  /** Posts until the ingress takes the webhook (202) or knows it already (200), retrying what a sender retries: 429, 5xx, no answer. */
  async deliver(body: Buffer): Promise<Delivered> {
    const retriedOn: number[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.post(body);
      const retryable = answer.status === 0 || answer.status === 429 || answer.status >= 500;
      if (!retryable || attempt >= maxAttempts) return { answer, attempts: attempt, retriedOn };
      retriedOn.push(answer.status);
      const delayMs = Math.min(maxRetryDelayMs, (answer.retryAfterSeconds ?? 0.1 * attempt) * 1000);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

function answerOf(status: number, retryAfter: string | undefined, raw: Buffer): Answer {
  const answer: Answer = { status };
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) answer.retryAfterSeconds = Number(retryAfter);
  if (status === 202) {
    const body = JSON.parse(raw.toString('utf8')) as { deliveryId?: unknown; alerts?: unknown };
    if (typeof body.deliveryId === 'string') answer.deliveryId = body.deliveryId;
    if (typeof body.alerts === 'number') answer.alerts = body.alerts;
  }
  return answer;
}
