import { Inject, Injectable } from '@nestjs/common';
import { type AlertEvent, createEvent, topics } from '@hookline/contracts/events';
import { BatchingPublisher } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';
import { LOGGER } from '@hookline/platform/service';
import { createHash, randomUUID } from 'node:crypto';
import type { IngressConfig } from '../config';
import { INGRESS_CONFIG } from '../ingress-config.token';
import { type ActiveIntegration, secretsAt } from '../integrations/integration-registry';
import { isAllowed } from '../integrations/ip-allowlist';
import { normaliseDelivery } from '@hookline/webhooks/sources';
import { verifyRequest } from '@hookline/webhooks/verification';
import { type IntakeOutcome, refusal } from './intake-outcome';
import { RateLimiter } from './rate-limiter';
import { RecentDeliveries } from './recent-deliveries';

export interface IncomingDelivery {
  integration: ActiveIntegration;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
  sourceIp: string;
  /** `Date.now()` when the request arrived; the log's latency is measured from here. */
  receivedAt: number;
}

const jsonContentType = /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i;

/**
 * The webhook hot path after routing: limits before work, then verify on the
 * raw bytes, parse, normalise, publish, answer. No Postgres on this path; the
 * answer is 202 only once Kafka has acknowledged the alerts (acks=all).
 */
@Injectable()
export class WebhookIntake {
  private readonly rateLimiter = new RateLimiter();
  private readonly recent: RecentDeliveries;

  constructor(
    @Inject(BatchingPublisher) private readonly publisher: BatchingPublisher,
    @Inject(INGRESS_CONFIG) private readonly config: IngressConfig['ingress'],
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.recent = new RecentDeliveries(config.dedupeWindowMs);
  }

  /**
   * The checks that need no body (run before the body is read): size,
   * content type, source IP, rate. Undefined when the delivery may proceed.
   */
  checkLimits(
    integration: ActiveIntegration,
    request: { headers: IncomingDelivery['headers']; contentLength: number | undefined; contentType: string | undefined; sourceIp: string; now: number },
  ): IntakeOutcome | undefined {
    // Refused before the body is read: the sender's id if it sent one, so its log entries can be matched.
    const deliveryId = senderDeliveryId(request.headers) ?? `refused-${randomUUID()}`;
    if (request.contentLength !== undefined && request.contentLength > this.config.bodyLimitBytes) {
      return refusal(413, 'too_large', deliveryId, `body of ${request.contentLength} bytes exceeds the limit of ${this.config.bodyLimitBytes}`);
    }
    if (!jsonContentType.test(request.contentType ?? '')) {
      return refusal(415, 'invalid', deliveryId, `content type must be application/json, got ${request.contentType ?? 'none'}`);
    }
    if (integration.allowList && !isAllowed(integration.allowList, request.sourceIp)) {
      return refusal(403, 'unauthorized', deliveryId, `source address ${request.sourceIp} is not in the integration's allowlist`);
    }
    if (integration.rateLimitPerMinute !== undefined) {
      const retryAfter = this.rateLimiter.take(integration.id, integration.rateLimitPerMinute, request.now);
      if (retryAfter > 0) {
        return refusal(429, 'rate_limited', deliveryId, `integration ${integration.id} is limited to ${integration.rateLimitPerMinute} deliveries per minute`, {
          headers: { 'Retry-After': String(retryAfter) },
          fields: { integrationId: integration.id, limitPerMinute: integration.rateLimitPerMinute },
        });
      }
    }
    return undefined;
  }

  /** Verify, dedupe, parse, normalise, publish. `parsedBody` when the route already parsed it (PagerDuty's routing key). */
  async accept(delivery: IncomingDelivery, parsedBody?: unknown): Promise<IntakeOutcome> {
    const { integration } = delivery;
    const verified =
      integration.auth.scheme === 'routing-key'
        ? { ok: true as const, deliveryId: undefined }
        : verifyRequest(integration.auth, secretsAt(integration, delivery.receivedAt), delivery, new Date(delivery.receivedAt));
    const deliveryId = (verified.ok ? verified.deliveryId : undefined) ?? senderDeliveryId(delivery.headers) ?? contentHash(delivery.rawBody);
    if (!verified.ok) return refusal(401, 'unauthorized', deliveryId, verified.reason);

    const dedupeKey = `${integration.id}:${deliveryId}`;
    if (this.recent.has(dedupeKey, delivery.receivedAt)) {
      return { status: 200, problem: false, body: { status: 'duplicate', deliveryId }, log: { outcome: 'duplicate', deliveryId, alertCount: 0 } };
    }

    let body = parsedBody;
    if (body === undefined) {
      try {
        body = JSON.parse(delivery.rawBody.toString('utf8'));
      } catch (error) {
        return refusal(400, 'invalid', deliveryId, `body is not valid JSON: ${(error as Error).message}`);
      }
    }
    const parsed = normaliseDelivery(integration.source, body, {
      integrationId: integration.id,
      deliveryId,
      receivedAt: new Date(delivery.receivedAt),
      ...(integration.service ? { defaultService: integration.service } : {}),
      ...(integration.correlationTemplate ? { correlationTemplate: integration.correlationTemplate } : {}),
      ...(integration.fieldMapping ? { fieldMapping: integration.fieldMapping } : {}),
      ...(integration.incidentPolicy ? { incidentPolicy: integration.incidentPolicy } : {}),
    });
    if (!parsed.ok) {
      return refusal(400, 'invalid', deliveryId, `payload is not a valid ${integration.source} delivery`, { fields: { errors: parsed.problems } });
    }

    const accepted: IntakeOutcome = {
      status: 202,
      problem: false,
      body: { status: 'accepted', deliveryId, alerts: parsed.alerts.length },
      log: {
        outcome: 'accepted',
        deliveryId,
        alertCount: parsed.alerts.length,
        // Settings that could not be applied (e.g. a correlation template) show in the delivery log.
        ...(parsed.warnings?.length ? { errorDetail: `accepted with warnings: ${parsed.warnings.join('; ')}` } : {}),
      },
    };
    try {
      // The delivery record rides in the same produce request as its alerts.
      await Promise.all([this.publisher.publish(topics.alert, parsed.alerts), this.record(delivery, accepted)]);
    } catch (error) {
      this.logger.warn({ err: error, integrationId: integration.id, deliveryId }, 'could not publish a delivery');
      return refusal(503, 'unavailable', deliveryId, 'the event stream is unavailable; retry later', { headers: { 'Retry-After': '5' } });
    }
    this.recent.remember(dedupeKey, delivery.receivedAt);
    return parsed.dedupKey ? { ...accepted, dedupKey: parsed.dedupKey } : accepted;
  }

  /** Publishes the synthetic test alert of `POST /api/integrations/:id/test`. */
  async sendTestAlert(integration: ActiveIntegration, now = new Date()): Promise<AlertEvent> {
    const deliveryId = `test-${randomUUID()}`;
    const alert = createEvent(topics.alert, {
      type: 'alert.fired',
      source: 'hookline/ingress',
      subject: `hookline-test:${integration.id}`,
      causationId: deliveryId,
      data: {
        integrationId: integration.id,
        sourceKind: integration.source,
        deliveryId,
        fingerprint: `hookline-test-${deliveryId}`,
        correlationKey: `${integration.id}:hookline-test`,
        severity: 'info',
        alertName: 'HooklineTestAlert',
        summary: 'Test alert sent from Hookline (integration test button); it pages no one.',
        ...(integration.service ? { service: integration.service } : {}),
        labels: { hookline_test: 'true' },
        annotations: {},
        startsAt: now.toISOString(),
        test: true,
      },
    });
    await this.publisher.publish(topics.alert, [alert]);
    return alert;
  }

  /** Publishes the delivery-log record of an attempt. */
  record(delivery: Pick<IncomingDelivery, 'integration' | 'sourceIp' | 'receivedAt'>, outcome: IntakeOutcome): Promise<void> {
    const event = createEvent(topics.delivery, {
      type: 'delivery.recorded',
      source: 'hookline/ingress',
      subject: delivery.integration.id,
      causationId: outcome.log.deliveryId,
      data: {
        deliveryId: outcome.log.deliveryId,
        integrationId: delivery.integration.id,
        receivedAt: new Date(delivery.receivedAt).toISOString(),
        sourceIp: delivery.sourceIp,
        outcome: outcome.log.outcome,
        httpStatus: outcome.status,
        ...(outcome.log.errorDetail ? { errorDetail: outcome.log.errorDetail.slice(0, 8_000) } : {}),
        alertCount: outcome.log.alertCount,
        latencyMs: Math.max(0, Date.now() - delivery.receivedAt),
      },
    });
    return this.publisher.publish(topics.delivery, [event]);
  }

  /** Records a refusal without making the sender wait for it (and without failing its answer if Kafka is down). */
  recordInBackground(delivery: Pick<IncomingDelivery, 'integration' | 'sourceIp' | 'receivedAt'>, outcome: IntakeOutcome): void {
    this.record(delivery, outcome).catch((error: unknown) =>
      this.logger.warn({ err: error, integrationId: delivery.integration.id, outcome: outcome.log.outcome }, 'could not record a refused delivery'),
    );
  }
}

/** The id a sender gave its delivery, if any (verification reports the signed one, e.g. Standard Webhooks' `webhook-id`). */
function senderDeliveryId(headers: IncomingDelivery['headers']): string | undefined {
  const value = headers['webhook-id'] ?? headers['x-webhook-id'] ?? headers['x-delivery-id'] ?? headers['idempotency-key'];
  const id = Array.isArray(value) ? value[0] : value;
  return id && /^[\x21-\x7e]{1,128}$/.test(id) ? id : undefined;
}

/** For senders without delivery ids (Alertmanager HA pairs send identical bodies): the same bytes are the same delivery. */
function contentHash(body: Buffer): string {
  return `sha256-${createHash('sha256').update(body).digest('hex').slice(0, 40)}`;
}
