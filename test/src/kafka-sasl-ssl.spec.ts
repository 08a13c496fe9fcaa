import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AlertEvent, topics } from '@hookline/contracts/events';
import { pickFreePorts } from '@hookline/infra';
import { generateLocalSecrets, spawnTypeScript } from '@hookline/launcher';
import { EventConsumer, EventPublisher, KafkaConnection, onBatch, startGroupAtEnd } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import {
  type SaslSslChoices,
  eventually,
  saslSslAppEnv,
  saslSslKafka,
  saslSslSecurity,
  senderFixture,
  testInfrastructure,
  uniqueName,
} from '@hookline/testing';
import { startIngressProcess } from './support/ingress-process';
import { type Integration, deliver, senders } from './support/webhook-sender';

// The ingress as a deployment on a managed cluster runs it: its own process,
// the broker's SASL_SSL listener, and nothing but KAFKA_SSL… and KAFKA_SASL… to find its way in.

const logger = createLogger({ service: 'spec', level: 'silent' });

describe('an app on a Kafka that demands TLS and a SASL login', () => {
  const listener = saslSslKafka();

  it('takes a webhook and publishes its alerts, which a SCRAM client reads back', async () => {
    const ingress = await startIngressProcess({
      kafkaBrokers: listener.brokers,
      instance: 'sasl-ssl',
      env: saslSslAppEnv(listener, { mechanism: 'scram-sha-256' }),
    });
    try {
      const integration = (await ingress.createIntegration({
        name: 'sasl-ssl',
        source: 'alertmanager',
        auth: { scheme: 'standard-webhooks' },
      })) as unknown as Integration;
      const payload = senderFixture('alertmanager-two-alerts-firing');
      const reader = await alertReaderFromNow();

      const delivered = await deliver(() => senders.standardWebhooks(integration, payload, `msg_${randomUUID()}`));

      expect(delivered.status).toBe(202);
      const alerts = await reader.read(integration.id, 2);
      expect(alerts.map((alert) => alert.data.integrationId)).toEqual([integration.id, integration.id]);
    } finally {
      await ingress.stop();
    }
  }, 120_000);

  it('stops with exit code 1, naming KAFKA_SASL_PASSWORD, when the broker refuses the login', async () => {
    const stopped = await startRefusedIngress(listener, { password: 'not-the-password' });

    expect(stopped.code).toBe(1);
    expect(stopped.output).toMatch(/Kafka refused the SASL login: check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/);
  }, 120_000);

  it('stops with exit code 1, naming KAFKA_SSL_CA_FILE, when it does not vouch for the broker certificate', async () => {
    const stopped = await startRefusedIngress(listener, { trusting: listener.untrustedCaFile });

    expect(stopped.code).toBe(1);
    expect(stopped.output).toMatch(/TLS certificate is not trusted: set KAFKA_SSL_CA_FILE/);
  }, 120_000);

  it('keeps running and waits for a broker that does not answer, as in an outage', async () => {
    const [port, deadBroker] = await pickFreePorts(2);
    const logFile = join(testInfrastructure().dataDir, 'logs', `ingress-kafka-down-${uniqueName('kafka')}.log`);
    const child = await spawnTypeScript({
      entry: 'apps/ingress/src/main.ts',
      env: { ...ingressEnv(listener, {}), KAFKA_BROKERS: `127.0.0.1:${deadBroker}`, PORT: String(port) },
      logFile,
    });
    try {
      await eventually(
        async () => {
          expect(readFileSync(logFile, 'utf8')).toContain('kafka not reachable yet, waiting');
          expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );

      expect(child.hasExited()).toBe(false);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    } finally {
      await child.stop();
    }
  }, 120_000);

  it('stops at start-up, naming the variable, when KAFKA_SSL_CA_FILE names no file', async () => {
    const missing = join(testInfrastructure().dataDir, 'no-such-ca.pem');
    const logFile = join(testInfrastructure().dataDir, 'logs', 'ingress-missing-ca.log');
    const child = await spawnTypeScript({
      entry: 'apps/ingress/src/main.ts',
      args: ['--check-config'],
      env: { ...ingressEnv(listener, {}), KAFKA_SSL_CA_FILE: missing },
      logFile,
    });

    expect((await child.exited).code).toBe(1);
    expect(readFileSync(logFile, 'utf8')).toContain(`KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`);
  }, 60_000);
});

function ingressEnv(listener: ReturnType<typeof saslSslKafka>, choices: SaslSslChoices): Record<string, string> {
  const secrets = generateLocalSecrets();
  return {
    ...saslSslAppEnv(listener, choices),
    DATABASE_URL: testInfrastructure().databaseUrl,
    HOOKLINE_ADMIN_TOKEN: secrets.adminToken,
    HOOKLINE_MASTER_KEY: secrets.masterKey,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
}

/**
 * Starts the ingress with settings the broker refuses and waits for it to stop by itself, as a
 * deployment's orchestrator would; returns its exit code and everything it wrote.
 */
async function startRefusedIngress(listener: ReturnType<typeof saslSslKafka>, choices: SaslSslChoices): Promise<{ code: number | null; output: string }> {
  const [port] = await pickFreePorts(1);
  const logFile = join(testInfrastructure().dataDir, 'logs', `ingress-refused-${uniqueName('kafka')}.log`);
  const child = await spawnTypeScript({
    entry: 'apps/ingress/src/main.ts',
    env: { ...ingressEnv(listener, choices), PORT: String(port) },
    logFile,
  });
  try {
    await eventually(() => expect(child.hasExited()).toBe(true), { timeoutMs: 90_000, intervalMs: 500 });
    return { code: (await child.exited).code, output: readFileSync(logFile, 'utf8') };
  } finally {
    await child.stop();
  }
}

/**
 * A reader of the alert topic over SASL_SSL, as a consumer on a managed cluster reads it. Its group
 * starts at the topic's end as of now (startGroupAtEnd): in a full run the topic already holds the
 * fault storms' alerts, which a reader from the beginning would have to wade through first.
 */
async function alertReaderFromNow(): Promise<{ read(integrationId: string, expected: number): Promise<AlertEvent[]> }> {
  const listener = saslSslKafka();
  const connection = new KafkaConnection({ brokers: listener.brokers, clientId: 'spec', logger, security: saslSslSecurity(listener) });
  const groupId = uniqueName('spec-sasl-ssl-reader');
  await startGroupAtEnd(connection, groupId, [topics.alert.name]);
  return {
    read: async (integrationId, expected) => {
      const alerts: AlertEvent[] = [];
      const consumer = new EventConsumer(connection, new EventPublisher(connection), {
        groupId,
        logger,
        handlers: [onBatch(topics.alert, async (events) => void alerts.push(...events.filter((event) => event.data.integrationId === integrationId)))],
      });
      try {
        await consumer.start();
        await eventually(() => expect(alerts).toHaveLength(expected), { timeoutMs: 30_000 });
        return alerts;
      } finally {
        await consumer.stop();
        await connection.close();
      }
    },
  };
}
