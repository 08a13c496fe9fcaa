import type { Logger } from '@hookline/platform/observability';
import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ActiveIntegration, IntegrationRegistry } from '../integrations/integration-registry';
import { type IntakeOutcome, refusal } from './intake-outcome';
import type { WebhookIntake } from './webhook-intake';

interface RequestState {
  integration: ActiveIntegration;
  receivedAt: number;
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
 */
export function registerWebhookRoutes(
  fastify: FastifyInstance,
  { registry, intake, logger, bodyLimitBytes }: { registry: IntegrationRegistry; intake: WebhookIntake; logger: Logger; bodyLimitBytes: number },
): void {
  void fastify.register(async (scope) => {
    const state = new WeakMap<FastifyRequest, RequestState>();

    scope.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
      const known = state.get(request);
      const deliveryId = `refused-${request.id}`;
      let outcome: IntakeOutcome;
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        outcome = refusal(413, 'too_large', deliveryId, `body exceeds the limit of ${bodyLimitBytes} bytes`);
      } else if (error.statusCode !== undefined && error.statusCode < 500) {
        outcome = refusal(error.statusCode, 'invalid', deliveryId, error.message);
      } else {
        // A misconfigured integration (e.g. an unusable stored secret) is our fault, not the sender's:
        // 500 keeps a well-behaved sender retrying until an operator fixes it.
        logger.error({ err: error, url: request.url }, 'webhook failed');
        outcome = refusal(500, 'unavailable', deliveryId, 'internal error; retry later');
      }
      if (known) intake.recordInBackground({ integration: known.integration, sourceIp: request.ip, receivedAt: known.receivedAt }, outcome);
      return send(reply, outcome);
    });

    scope.post<{ Params: { integrationId: string } }>(
      '/webhooks/:integrationId',
      {
        onRequest: async (request, reply) => {
          const receivedAt = Date.now();
          const integration = registry.lookup(request.params.integrationId);
          if (!integration) {
            return send(reply, refusal(404, 'invalid', 'unknown', 'no such integration'));
          }
          state.set(request, { integration, receivedAt });
          // Limits before work: everything that needs no body is refused before the body is read.
          const refused = intake.checkLimits(integration, {
            headers: request.headers,
            contentLength: contentLength(request),
            contentType: request.headers['content-type'],
            sourceIp: request.ip,
            now: receivedAt,
          });
          if (refused) {
            intake.recordInBackground({ integration, sourceIp: request.ip, receivedAt }, refused);
            return send(reply, refused);
          }
          const rawBody = await readRawBody(request, reply, bodyLimitBytes);
          const delivery = { integration, headers: request.headers, rawBody, sourceIp: request.ip, receivedAt };
          const outcome = await intake.accept(delivery);
          if (outcome.log.outcome !== 'accepted') intake.recordInBackground(delivery, outcome);
          return send(reply, outcome);
        },
      },
      answeredOnRequest,
    );

    // PagerDuty Events API v2, drop-in: the routing key in the body selects the integration.
    scope.post(
      '/v2/enqueue',
      {
        onRequest: async (request, reply) => {
          const rawBody = await readRawBody(request, reply, bodyLimitBytes);
          const receivedAt = Date.now();
          let body: { routing_key?: unknown };
          try {
            body = JSON.parse(rawBody.toString('utf8')) as { routing_key?: unknown };
          } catch {
            return sendPagerDuty(reply, 400, 'invalid event', 'Event object is invalid', ['body is not valid JSON']);
          }
          const integration = typeof body.routing_key === 'string' ? registry.lookup(body.routing_key) : undefined;
          if (!integration || integration.source !== 'pagerduty') {
            return sendPagerDuty(reply, 400, 'invalid event', 'Event object is invalid', ['routing_key is not a Hookline PagerDuty integration']);
          }
          const delivery = { integration, headers: request.headers, rawBody, sourceIp: request.ip, receivedAt };
          const refused = intake.checkLimits(integration, {
            headers: request.headers,
            contentLength: undefined,
            contentType: request.headers['content-type'],
            sourceIp: request.ip,
            now: receivedAt,
          });
          const outcome = refused ?? (await intake.accept(delivery, body));
          if (outcome.log.outcome !== 'accepted') intake.recordInBackground(delivery, outcome);
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

/**
 * Reads the body as Fastify's buffer parser would: the same limit (declared
 * or counted), the same errors for the scope's error handler, and
 * `connection: close` after a failure, since the client may still be sending.
 */
function readRawBody(request: FastifyRequest, reply: FastifyReply, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      void reply.header('connection', 'close');
      reject(error);
    };
    const declared = Number(request.headers['content-length']);
    if (declared > limit) return fail(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    const payload = request.raw;
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        stopReading();
        fail(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stopReading();
      if (!Number.isNaN(declared) && received !== declared) return fail(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onError = (error: Error & { statusCode?: number }): void => {
      stopReading();
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      fail(error);
    };
    const stopReading = (): void => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.resume();
  });
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
