import { type AlertEvent, topics } from '@hookline/contracts/events';
import { loadConfig } from '@hookline/platform/config';
import { EventConsumer, EventPublisher, KafkaConnection, on, startGroupAtEnd } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { buildServiceApp } from '@hookline/platform/service';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { ingressConfigSchema } from '../config';
import { ingressService } from '../ingress.service';

// Shared by the ingress's integration specs (not part of the app): the real
// ingress, in-process on a free port, against the run's Kafka and Postgres,
// and a reader of the alerts it publishes.

export interface RunningIngress {
  url: string;
  adminToken: string;
  app: NestFastifyApplication;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
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
  const app = await buildServiceApp(ingressService, config);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    url: url.replace('[::1]', '127.0.0.1'),
    adminToken,
    app,
    admin: async (method, path, body) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
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
