import type { Logger } from '@hookline/platform/observability';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveIntegration, IntegrationRegistry } from '../integrations/integration-registry';
import { BodyReadError, readRawBody } from './body-reader';
import { type IntakeOutcome, refusal } from './intake-outcome';
import type { UnknownIntegrations } from './unknown-integrations';
import { isJsonContentType, type WebhookIntake } from './webhook-intake';

interface RequestState {
  integration: ActiveIntegration;
  receivedAt: number;
}

export interface WebhookRouteOptions {
  registry: IntegrationRegistry;
  intake: WebhookIntake;
  /** Where webhooks to unknown ids are counted and sampled. */
  unknown: UnknownIntegrations;
  logger: Logger;
  bodyLimitBytes: number;
  /** `/v2/enqueue`'s own, smaller limit: PagerDuty documents 512 KB per event. */
  pagerDutyBodyLimitBytes: number;
  bodyTimeoutMs: number;
}

/**
 * The two webhook routes, registered on Fastify directly rather than as Nest
 * controllers: the hot path needs the raw bytes (signatures are computed over
 * them), checks limits before the body is read, and skips Nest's per-request
 * pipeline it has no use for.
 *
 * Both are answered from their `onRequest` hook, which reads the body itself
 * (`readRawBody`): a hook that replies ends the request there (Fastify's
 * "respond to a request from a hook"), so the body-parsing stage, its
 * AsyncResource per request, and the later hooks never run. That stage cost
 * about 60 µs a request, a tenth of a webhook's whole cost (bench/README.md).
 * What a hook throws reaches this scope's error handler, as a parser's
 * errors did; the scope keeps that handler away from the admin API.
 *
 * Cheap checks come first, in order of cost: the source address's refusal
 * budget, the integration lookup, size, content type, allowlist and (for
 * bearer and basic) the credential; only then is the body buffered. Every
 * refusal sent before the body was read closes the connection, so the
 * caller cannot keep sending what nobody will read.
 */
export function registerWebhookRoutes(fastify: FastifyInstance, options: WebhookRouteOptions): void {
  const { registry, intake, logger } = options;
  const webhookBody = { maxBytes: options.bodyLimitBytes, timeoutMs: options.bodyTimeoutMs };
  const pagerDutyBody = { maxBytes: options.pagerDutyBodyLimitBytes, timeoutMs: options.bodyTimeoutMs };

  /** Sends an answer and charges a refusal to the caller's budget. */
  const answer = (request: FastifyRequest, reply: FastifyReply, outcome: IntakeOutcome, now = Date.now(), bodyBytesRead = 0): FastifyReply => {
    intake.answered(request.ip, outcome.status, now, bodyBytesRead);
    return send(reply, outcome);
  };

  void fastify.register(async (scope) => {
    const state = new WeakMap<FastifyRequest, RequestState>();

    scope.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
      const known = state.get(request);
      const deliveryId = `refused-${request.id}`;
      let outcome: IntakeOutcome;
      if (error instanceof BodyReadError) {
        outcome = refusal(error.statusCode, error.outcome, deliveryId, error.message);
      } else if (error.statusCode !== undefined && error.statusCode < 500) {
        outcome = refusal(error.statusCode, 'invalid', deliveryId, error.message);
      } else {
        // A misconfigured integration (e.g. an unusable stored secret) is our fault, not the sender's:
        // 500 keeps a well-behaved sender retrying until an operator fixes it.
        logger.error({ err: error, url: request.url }, 'webhook failed');
        outcome = refusal(500, 'unavailable', deliveryId, 'internal error; retry later');
      }
      if (known) intake.recordInBackground({ integration: known.integration, sourceIp: request.ip, receivedAt: known.receivedAt }, outcome);
      return answer(request, reply, outcome);
    });

    scope.post<{ Params: { integrationId: string } }>(
      '/webhooks/:integrationId',
      {
        onRequest: async (request, reply) => {
          const receivedAt = Date.now();
          const overBudget = intake.overRefusalBudget(request.ip, receivedAt);
          if (overBudget) return send(closing(reply), overBudget);
          const integration = registry.lookup(request.params.integrationId);
          // A PagerDuty Events integration is reached by its routing key only; its id is no credential.
          if (!integration || integration.auth.scheme === 'routing-key') {
            options.unknown.note(request.params.integrationId, request.ip, receivedAt);
            return answer(request, closing(reply), refusal(404, 'invalid', 'unknown', 'no such integration'), receivedAt);
          }
          state.set(request, { integration, receivedAt });
          const refused = intake.checkLimits(integration, {
            headers: request.headers,
            contentLength: contentLength(request),
            contentType: request.headers['content-type'],
            sourceIp: request.ip,
            now: receivedAt,
          });
          if (refused) {
            intake.recordInBackground({ integration, sourceIp: request.ip, receivedAt }, refused);
            return answer(request, closing(reply), refused, receivedAt);
          }
          const rawBody = await readRawBody(request, reply, webhookBody);
          const delivery = { integration, headers: request.headers, rawBody, sourceIp: request.ip, receivedAt };
          const outcome = await intake.accept(delivery);
          if (outcome.log.outcome !== 'accepted') intake.recordInBackground(delivery, outcome);
          return answer(request, reply, outcome, receivedAt, rawBody.length);
        },
      },
      answeredOnRequest,
    );

    // PagerDuty Events API v2, drop-in: the routing key in the body selects the integration,
    // so the body must be read before anything is known; its size and type are checked first.
    scope.post(
      '/v2/enqueue',
      {
        onRequest: async (request, reply) => {
          const receivedAt = Date.now();
          let bodyBytesRead = 0;
          const refuse = (status: number, errors: string[], headers: Record<string, string> = {}) => {
            intake.answered(request.ip, status, receivedAt, bodyBytesRead);
            return sendPagerDuty(closing(reply), status, status === 429 ? 'throttle event' : 'invalid event', 'Event object is invalid', errors, {}, headers);
          };
          const overBudget = intake.overRefusalBudget(request.ip, receivedAt);
          if (overBudget) return refuse(429, [String(overBudget.body['detail'])], overBudget.headers);
          const contentType = request.headers['content-type'];
          if (!isJsonContentType(contentType)) return refuse(415, [`content type must be application/json, got ${contentType ?? 'none'}`]);
          const declared = contentLength(request);
          if (declared !== undefined && declared > pagerDutyBody.maxBytes) {
            return refuse(413, [`body of ${declared} bytes exceeds the limit of ${pagerDutyBody.maxBytes}`]);
          }

          const rawBody = await readRawBody(request, reply, pagerDutyBody);
          bodyBytesRead = rawBody.length;
          let body: unknown;
          try {
            body = JSON.parse(rawBody.toString('utf8'));
          } catch {
            return refuse(400, ['body is not valid JSON']);
          }
          if (typeof body !== 'object' || body === null || Array.isArray(body)) {
            return refuse(400, [`event must be a JSON object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}`]);
          }
          const routingKey = (body as { routing_key?: unknown }).routing_key;
          const integration = typeof routingKey === 'string' ? registry.lookupRoutingKey(routingKey, receivedAt) : undefined;
          if (!integration || integration.source !== 'pagerduty') {
            return refuse(400, ['routing_key is not a Hookline PagerDuty integration']);
          }
          const delivery = { integration, headers: request.headers, rawBody, sourceIp: request.ip, receivedAt };
          const refused = intake.checkLimits(
            integration,
            { headers: request.headers, contentLength: undefined, contentType, sourceIp: request.ip, now: receivedAt },
            pagerDutyBody.maxBytes,
          );
          const outcome = refused ?? (await intake.accept(delivery, body));
          if (outcome.log.outcome !== 'accepted') intake.recordInBackground(delivery, outcome);
          intake.answered(request.ip, outcome.status, receivedAt, bodyBytesRead);
          if (outcome.status === 202) {
            return sendPagerDuty(reply, 202, 'success', 'Event processed', undefined, { dedup_key: outcome.dedupKey });
          }
          const errors = Array.isArray(outcome.body['errors']) ? (outcome.body['errors'] as string[]) : [String(outcome.body['detail'])];
          return sendPagerDuty(reply, outcome.status, outcome.log.outcome, String(outcome.body['detail']), errors, {}, outcome.headers);
        },
      },
      answeredOnRequest,
    );
  });
}

/** The routes' handler, never reached: their onRequest hook always replies or throws. */
async function answeredOnRequest(): Promise<never> {
  throw new Error('a webhook route reached its handler; its onRequest hook should have answered');
}

/** For an answer sent before the body was read: the connection ends with it, rather than Node reading the rest for nobody. */
function closing(reply: FastifyReply): FastifyReply {
  return reply.header('connection', 'close');
}

function contentLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

function send(reply: FastifyReply, outcome: IntakeOutcome): FastifyReply {
  for (const [name, value] of Object.entries(outcome.headers ?? {})) void reply.header(name, value);
  return reply
    .status(outcome.status)
    .header('Content-Type', outcome.problem ? 'application/problem+json' : 'application/json')
    .send(JSON.stringify(outcome.body));
}

/** PagerDuty's response shape, so its clients read Hookline's answers unchanged. */
function sendPagerDuty(
  reply: FastifyReply,
  status: number,
  word: string,
  message: string,
  errors?: string[],
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): FastifyReply {
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  return reply.status(status).header('Content-Type', 'application/json').send(JSON.stringify({ status: word, message, ...extra, ...(errors ? { errors } : {}) }));
}
