// The benchmark's yardstick: the ingress's per-request work on a bare
// node:http server, so that ingress ÷ baseline is what Nest, Fastify and the
// app's own extras (registry lookup, limits, duplicate cache, HTTP metrics,
// delivery-log consumer) cost. It mirrors the accepting path of
// apps/ingress/src/webhooks/webhook-intake.ts: verify on the raw bytes, parse,
// normalise, publish the alerts and a delivery record in one batched produce
// request, answer 202 only once Kafka acknowledged (acks=all).
//
// Started by run.ts; its environment: KAFKA_BROKERS, PORT, HOST,
// BENCH_INTEGRATION_ID, BENCH_SECRET.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createEvent, topics } from '@hookline/contracts/events';
import { BatchingPublisher, EventPublisher, KafkaConnection } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { normaliseDelivery } from '@hookline/webhooks/sources';
import { verifyRequest } from '@hookline/webhooks/verification';
import { benchDeliveryTopic } from './bench-topic';

interface BaselineConfig {
  brokers: string[];
  port: number;
  host: string;
  integrationId: string;
  secret: string;
}

function readConfig(env: NodeJS.ProcessEnv): BaselineConfig {
  const missing = ['KAFKA_BROKERS', 'PORT', 'BENCH_INTEGRATION_ID', 'BENCH_SECRET'].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`baseline-server: missing ${missing.join(', ')}`);
  return {
    brokers: (env['KAFKA_BROKERS'] ?? '').split(','),
    port: Number(env['PORT']),
    host: env['HOST'] ?? '127.0.0.1',
    integrationId: env['BENCH_INTEGRATION_ID'] ?? '',
    secret: env['BENCH_SECRET'] ?? '',
  };
}

const auth = { scheme: 'standard-webhooks' } as const;

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const logger = createLogger({ service: 'bench-baseline', level: 'warn' });
  const kafka = new KafkaConnection({ brokers: config.brokers, clientId: 'hookline-bench-baseline', logger });
  // The ingress's HotPathPublisher is exactly this pair, with its default publish timeout.
  const producer = new EventPublisher(kafka, { ackTimeoutMs: 5_000 });
  const publisher = new BatchingPublisher(producer);
  await producer.connect();

  const webhookPath = `/webhooks/${config.integrationId}`;

  async function accept(request: IncomingMessage, rawBody: Buffer, receivedAt: number, response: ServerResponse): Promise<void> {
    const verified = verifyRequest(auth, [config.secret], { headers: request.headers, rawBody }, new Date(receivedAt));
    if (!verified.ok) return send(response, 401, { status: 'unauthorized', detail: verified.reason });
    const deliveryId = verified.deliveryId ?? 'unknown';
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return send(response, 400, { status: 'invalid', detail: 'body is not valid JSON' });
    }
    const parsed = normaliseDelivery('alertmanager', body, { integrationId: config.integrationId, deliveryId, receivedAt: new Date(receivedAt) });
    if (!parsed.ok) return send(response, 400, { status: 'invalid', problems: parsed.problems });

    const record = createEvent(benchDeliveryTopic, {
      type: 'delivery.recorded',
      source: 'hookline/bench-baseline',
      subject: config.integrationId,
      causationId: deliveryId,
      data: {
        deliveryId,
        integrationId: config.integrationId,
        receivedAt: new Date(receivedAt).toISOString(),
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        outcome: 'accepted',
        httpStatus: 202,
        alertCount: parsed.alerts.length,
        latencyMs: Math.max(0, Date.now() - receivedAt),
      },
    });
    try {
      // As in the ingress: the delivery record rides in the same produce request as its alerts.
      await Promise.all([publisher.publish(topics.alert, parsed.alerts), publisher.publish(benchDeliveryTopic, [record])]);
    } catch (error) {
      logger.warn({ err: error, deliveryId }, 'could not publish a delivery');
      return send(response, 503, { status: 'unavailable' }, { 'Retry-After': '5' });
    }
    send(response, 202, { status: 'accepted', deliveryId, alerts: parsed.alerts.length });
  }

  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/readyz') return send(response, 200, { ready: true });
    if (request.method !== 'POST' || request.url !== webhookPath) {
      request.resume();
      return send(response, 404, { status: 'not_found' });
    }
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      accept(request, rawBody, receivedAt, response).catch((error: unknown) => {
        logger.error({ err: error }, 'webhook failed');
        send(response, 500, { status: 'error' });
      });
    });
  });
  // Keep-alive timeouts (Node 5 s, Fastify 72 s) do not matter: the generator opens fresh connections each step and keeps them busy.
  server.listen(config.port, config.host);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections();
    publisher
      .flush()
      .then(() => producer.disconnect())
      .then(() => kafka.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function send(response: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
