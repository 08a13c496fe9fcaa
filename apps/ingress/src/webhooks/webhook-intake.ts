import { Inject, Injectable } from '@nestjs/common';
import { type AlertEvent, createEvent, type DeliveryEvent, topics } from '@hookline/contracts/events';
import { BatchingPublisher } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';
import { LOGGER } from '@hookline/platform/service';
import { createHash, randomUUID } from 'node:crypto';
import type { IngressConfig } from '../config';
import { DeliveryRecorder } from '../deliveries/delivery-recorder';
import { INGRESS_CONFIG } from '../ingress-config.token';
import { type ActiveIntegration, secretsAt } from '../integrations/integration-registry';
import { isAllowed } from '../integrations/ip-allowlist';
import { normaliseDelivery, storableText } from '@hookline/webhooks/sources';
import { missingCredentialHeader, type VerificationResult, verifyRequest } from '@hookline/webhooks/verification';
import { checkDeliveryId, readDeliveryIdHeader, usableDeliveryIdHeader } from './delivery-id';
import { applyServiceBinding } from './foreign-alerts';
import { type IntakeOutcome, refusal, spendsRefusalBudget } from './intake-outcome';
import { RateLimiter } from './rate-limiter';
import { RecentDeliveries } from './recent-deliveries';
import { RefusalBudget } from './refusal-budget';

export interface IncomingDelivery {
  integration: ActiveIntegration;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
  sourceIp: string;
  /** `Date.now()` when the request arrived; the log's latency is measured from here. */
  receivedAt: number;
}

const jsonContentType = /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i;

/** `application/json`, or a JSON-based type (`application/cloudevents+json`), with any parameters. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return jsonContentType.test(contentType ?? '');
}

/** Schemes whose credential is a header alone: checked before the body is read, so a wrong one costs no buffering. */
const headerOnlySchemes: ReadonlySet<string> = new Set(['bearer', 'basic']);

/**
 * The webhook hot path after routing: limits before work, then verify on the
 * raw bytes, parse, normalise, publish, answer. No Postgres on this path; the
 * answer is 202 only once Kafka has acknowledged the alerts (acks=all).
 */
@Injectable()
export class WebhookIntake {
  private readonly rateLimiter = new RateLimiter();
  private readonly recent: RecentDeliveries;
  private readonly refusals: RefusalBudget;

  constructor(
    @Inject(BatchingPublisher) private readonly publisher: BatchingPublisher,
    @Inject(INGRESS_CONFIG) private readonly config: IngressConfig['ingress'],
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DeliveryRecorder) private readonly recorder: DeliveryRecorder,
  ) {
    this.recent = new RecentDeliveries(config.dedupeWindowMs);
    this.refusals = new RefusalBudget(config.refusalsPerMinute);
  }

  /**
   * Checked first, before even the integration lookup: 429 for an address
   * that spent its refusal budget. Not recorded in a delivery log, so a flood
   * costs neither a lookup nor a Kafka record per request.
   */
  overRefusalBudget(sourceIp: string, now: number): IntakeOutcome | undefined {
    const wait = this.refusals.wait(sourceIp, now);
    if (wait === 0) return undefined;
    return refusal(429, 'rate_limited', `refused-${randomUUID()}`, `too many refused requests from ${sourceIp}; retry after ${wait} s`, {
      headers: { 'Retry-After': String(wait) },
    });
  }

  /** Every answer passes here: a refusal that is the caller's fault spends its address's budget, weighed by the body read. */
  answered(sourceIp: string, status: number, now: number, bodyBytesRead = 0): void {
    if (spendsRefusalBudget(status)) this.refusals.spend(sourceIp, now, bodyBytesRead);
  }

  /**
   * The checks that need no body (run before the body is read): size,
   * content type, source IP, a credential that is a header alone (bearer,
   * basic), and the presence of a signature's headers.
   * Undefined when the delivery may proceed. The integration's rate is not
   * among them: only a verified delivery spends it (see `accept`), so a
   * caller who knows the URL but not the secret cannot make the real
   * sender's deliveries 429.
   */
  checkLimits(
    integration: ActiveIntegration,
    request: { headers: IncomingDelivery['headers']; contentLength: number | undefined; contentType: string | undefined; sourceIp: string; now: number },
    bodyLimitBytes = this.config.bodyLimitBytes,
  ): IntakeOutcome | undefined {
    // Refused before the body is read: the sender's id if it sent one, so its log entries can be matched.
    const deliveryId = usableDeliveryIdHeader(request.headers) ?? `refused-${randomUUID()}`;
    if (request.contentLength !== undefined && request.contentLength > bodyLimitBytes) {
      return refusal(413, 'too_large', deliveryId, `body of ${request.contentLength} bytes exceeds the limit of ${bodyLimitBytes}`);
    }
    if (!isJsonContentType(request.contentType)) {
      return refusal(415, 'invalid', deliveryId, `content type must be application/json, got ${storableText(request.contentType ?? 'none').slice(0, 200)}`);
    }
    if (integration.allowList && !isAllowed(integration.allowList, request.sourceIp)) {
      return refusal(403, 'unauthorized', deliveryId, `source address ${request.sourceIp} is not in the integration's allowlist`);
    }
    const { auth } = integration;
    if (headerOnlySchemes.has(auth.scheme)) {
      const verified = this.verify(integration, { headers: request.headers, rawBody: Buffer.alloc(0), receivedAt: request.now });
      if (!verified.ok) return refusal(401, 'unauthorized', deliveryId, verified.reason);
    } else if (auth.scheme !== 'routing-key') {
      // A signature over the body can only be checked once it is read; its absence, now.
      const missing = missingCredentialHeader(auth, request.headers);
      if (missing !== undefined) return refusal(401, 'unauthorized', deliveryId, missing);
    }
    return undefined;
  }

  /** Verify, spend the rate, dedupe, parse, normalise, publish. `parsedBody` when the route already parsed it (PagerDuty's routing key). */
  async accept(delivery: IncomingDelivery, parsedBody?: unknown): Promise<IntakeOutcome> {
    const { integration } = delivery;
    const verified = this.verify(integration, delivery);
    // Hashed only when needed: most signed deliveries carry an id and a replay key of their own.
    let hashed: string | undefined;
    const contentId = () => (hashed ??= contentHash(delivery.rawBody));
    if (!verified.ok) return refusal(401, 'unauthorized', usableDeliveryIdHeader(delivery.headers) ?? contentId(), verified.reason);

    const sent = verified.deliveryId === undefined ? readDeliveryIdHeader(delivery.headers) : checkDeliveryId(verified.deliveryId, 'the delivery id');
    if (!sent.ok) return refusal(400, 'invalid', contentId(), sent.problem);
    const deliveryId = sent.id ?? contentId();

    if (integration.rateLimitPerMinute !== undefined) {
      const retryAfter = this.rateLimiter.take(integration.id, integration.rateLimitPerMinute, delivery.receivedAt);
      if (retryAfter > 0) {
        return refusal(429, 'rate_limited', deliveryId, `integration ${integration.id} is limited to ${integration.rateLimitPerMinute} deliveries per minute`, {
          headers: { 'Retry-After': String(retryAfter) },
          fields: { integrationId: integration.id, limitPerMinute: integration.rateLimitPerMinute },
        });
      }
    }

    // Keyed on what the signature covers, not on the delivery id alone: where the id is an
    // unsigned header (GitHub, PagerDuty v3, bearer, basic), a replay could change it at will.
    const dedupeKey = `${integration.id}:${verified.replayKey ?? contentId()}`;
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
      const refused = refusal(400, 'invalid', deliveryId, `payload is not a valid ${integration.source} delivery`, { fields: { errors: parsed.problems } });
      // The operator reading the delivery log sees what the sender was told.
      return { ...refused, log: { ...refused.log, errorDetail: `${String(refused.body['detail'])}: ${parsed.problems.join('; ')}` } };
    }

    const bound = applyServiceBinding(parsed.alerts, integration.binding);
    const bindingNote = bound.foreignCount === 0 ? undefined : this.bindingNote(integration, bound.foreignCount, bound.foreignServices);
    // Nothing of the delivery may be published: a 4xx the sender does not retry (Alertmanager never retries one), and the operator sees why.
    if (bound.publish.length === 0 && bindingNote !== undefined) {
      return refusal(403, 'unauthorized', deliveryId, bindingNote, { fields: { foreignServices: bound.foreignServices } });
    }
    const warnings = [...(parsed.warnings ?? []), ...(bindingNote === undefined ? [] : [bindingNote])];
    const refusedForeign = integration.binding?.foreignAlerts === 'refuse' ? bound.foreignCount : 0;
    const accepted: IntakeOutcome = {
      status: 202,
      problem: false,
      body: {
        status: 'accepted',
        deliveryId,
        alerts: bound.publish.length,
        ...(bindingNote === undefined ? {} : { [refusedForeign > 0 ? 'refused' : 'flagged']: bound.foreignCount, foreignServices: bound.foreignServices }),
      },
      log: {
        outcome: 'accepted',
        deliveryId,
        alertCount: bound.publish.length,
        // Settings that could not be applied (e.g. a correlation template) and alerts outside the binding show in the delivery log.
        ...(warnings.length ? { errorDetail: `accepted with warnings: ${warnings.join('; ')}` } : {}),
      },
    };
    try {
      // The delivery record rides in the same produce request as its alerts.
      await Promise.all([this.publisher.publish(topics.alert, bound.publish), this.record(delivery, accepted)]);
    } catch (error) {
      this.logger.warn({ err: error, integrationId: integration.id, deliveryId }, 'could not publish a delivery');
      return refusal(503, 'unavailable', deliveryId, 'the event stream is unavailable; retry later', { headers: { 'Retry-After': '5' } });
    }
    this.recent.remember(dedupeKey, delivery.receivedAt);
    return parsed.dedupKey ? { ...accepted, dedupKey: parsed.dedupKey } : accepted;
  }

  /** Why alerts were refused or flagged, in the words the sender and the delivery log get. */
  private bindingNote(integration: ActiveIntegration, count: number, services: readonly string[]): string {
    const bound = [...(integration.binding?.services ?? [])].join(', ');
    const what = integration.binding?.foreignAlerts === 'flag' ? 'flagged foreignService' : 'refused';
    return `${count} alert${count === 1 ? '' : 's'} ${what}: for ${services.join(', ')}, outside the services this integration is bound to (${bound})`;
  }

  private verify(integration: ActiveIntegration, delivery: Pick<IncomingDelivery, 'headers' | 'rawBody' | 'receivedAt'>): VerificationResult {
    // PagerDuty's Events API: the routing key in the body, which selected the integration, is the credential.
    if (integration.auth.scheme === 'routing-key') return { ok: true };
    return verifyRequest(integration.auth, secretsAt(integration, delivery.receivedAt), delivery, new Date(delivery.receivedAt));
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

  /** Publishes the delivery-log record of an attempt (the accepted one rides in its alerts' produce request, see `accept`). */
  record(delivery: Pick<IncomingDelivery, 'integration' | 'sourceIp' | 'receivedAt'>, outcome: IntakeOutcome): Promise<void> {
    return this.publisher.publish(topics.delivery, [deliveryRecord(delivery, outcome)]);
  }

  /** Records a refusal without making the sender wait for it; while Kafka is down, the record reaches the log another way (DeliveryRecorder). */
  recordInBackground(delivery: Pick<IncomingDelivery, 'integration' | 'sourceIp' | 'receivedAt'>, outcome: IntakeOutcome): void {
    this.recorder.recordInBackground(deliveryRecord(delivery, outcome));
  }
}

/** The delivery-log record of an attempt. */
function deliveryRecord(delivery: Pick<IncomingDelivery, 'integration' | 'sourceIp' | 'receivedAt'>, outcome: IntakeOutcome): DeliveryEvent {
  return createEvent(topics.delivery, {
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
      // The detail may quote the sender (a key named in a parse problem): storable, like every text from outside.
      ...(outcome.log.errorDetail ? { errorDetail: storableText(outcome.log.errorDetail).slice(0, 8_000) } : {}),
      alertCount: outcome.log.alertCount,
      latencyMs: Math.max(0, Date.now() - delivery.receivedAt),
    },
  });
}

/** For senders without delivery ids (Alertmanager HA pairs send identical bodies): the same bytes are the same delivery. */
function contentHash(body: Buffer): string {
  return `sha256-${createHash('sha256').update(body).digest('hex').slice(0, 40)}`;
}
