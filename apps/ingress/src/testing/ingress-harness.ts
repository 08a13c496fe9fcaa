import { type AlertEvent, topics } from '@hookline/contracts/events';
import { loadConfig } from '@hookline/platform/config';
import { EventConsumer, EventPublisher, KafkaConnection, on, startGroupAtEnd } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { buildServiceApp, listenServiceApp } from '@hookline/platform/service';
import { eventually, testInfrastructure, uniqueName } from '@hookline/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { ingressConfigSchema } from '../config';
import type { DeliveryLogEntry } from '../deliveries/delivery-log';
import { ingressDefinition } from '../ingress.definition';

// Shared by the ingress's integration specs (not part of the app): the real
// ingress, in-process on a free port, against the run's Kafka and Postgres,
// and a reader of the alerts it publishes.

export interface RunningIngress {
  url: string;
  adminToken: string;
  app: NestFastifyApplication;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Creates an integration through the admin API; its id, webhook URL and (shown once) secret. */
  createIntegration(body: Record<string, unknown>): Promise<CreatedIntegration>;
  /** POSTs a JSON body (by default) the way a sender would. */
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<Response>;
  /** The integration's delivery log, newest first, as its owner sees it in the admin API. */
  deliveries(integrationId: string): Promise<DeliveryLogEntry[]>;
  /** Resolves once `/readyz` answers 200: the delivery log's consumer has joined, so no record is missed. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface CreatedIntegration {
  id: string;
  webhookUrl: string;
  secret?: string;
}



export async function startIngress(overrides: Record<string, string> = {}): Promise<RunningIngress> {
  const { kafkaBrokers, databaseUrl } = testInfrastructure();
  const adminToken = randomBytes(24).toString('base64url');
  const config = loadConfig(ingressConfigSchema, {
    KAFKA_BROKERS: kafkaBrokers.join(','),
    DATABASE_URL: databaseUrl,
    HOOKLINE_ADMIN_TOKEN: adminToken,
    HOOKLINE_MASTER_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...overrides,
  });
  const app = await buildServiceApp(ingressDefinition, config);
  await listenServiceApp(app, 0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const admin: RunningIngress['admin'] = async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    url,
    adminToken,
    app,
    admin,
    createIntegration: async (body) => {
      const created = await admin('POST', '/api/integrations', { name: 'spec', ...body });
      if (created.status !== 201) throw new Error(`could not create an integration: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body as unknown as CreatedIntegration;
    },
    post: (path, body, headers = {}) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }),
    deliveries: async (integrationId) => (await admin('GET', `/api/integrations/${integrationId}/deliveries`)).body['deliveries'] as DeliveryLogEntry[],
    ready: () => eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeoutMs: 60_000 }),
    close: () => app.close(),
  };
}

/** Every alert published on `ingress.alert.v1` from now on, for assertions (filter by integration id). */
export async function watchAlerts(): Promise<{ alerts: AlertEvent[]; stop(): Promise<void> }> {
  const logger = createLogger({ service: 'spec', level: 'silent' });
  const connection = new KafkaConnection({ brokers: testInfrastructure().kafkaBrokers, clientId: 'spec', logger });
  const publisher = new EventPublisher(connection);
  const alerts: AlertEvent[] = [];
  const groupId = uniqueName('spec-alert-watcher');
  // The topic holds every earlier spec's alerts: start at its end, not its beginning.
  await startGroupAtEnd(connection, groupId, [topics.alert.name]);
  const consumer = new EventConsumer(connection, publisher, {
    groupId,
    logger,
    handlers: [on(topics.alert, async (event) => void alerts.push(event))],
  });
  await consumer.start();
  return {
    alerts,
    stop: async () => {
      await consumer.stop();
      await connection.close();
    },
  };
}

export interface WatchedIngress extends RunningIngress {
  /** Every alert this run's ingresses published since it started (filter by integration id). */
  alerts: AlertEvent[];
}

/** A spec's usual start: the ingress, a watcher of the alerts it publishes, and its delivery log ready. `close` stops both. */
export async function startWatchedIngress(overrides: Record<string, string> = {}): Promise<WatchedIngress> {
  const ingress = await startIngress(overrides);
  const watcher = await watchAlerts();
  await ingress.ready();
  return {
    ...ingress,
    alerts: watcher.alerts,
    close: async () => {
      await watcher.stop();
      await ingress.close();
    },
  };
}
