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

  it('reports a wrong KAFKA_SASL_PASSWORD on /readyz instead of becoming ready', async () => {
    const readiness = await readinessOf(listener, { password: 'not-the-password' });

    expect(readiness).toMatch(/Kafka refused the SASL login: check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/);
  }, 120_000);

  it('reports a broker certificate that KAFKA_SSL_CA_FILE does not vouch for on /readyz', async () => {
    const readiness = await readinessOf(listener, { trusting: listener.untrustedCaFile });

    expect(readiness).toMatch(/TLS certificate is not trusted: set KAFKA_SSL_CA_FILE/);
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

/** Starts the ingress with settings the broker refuses and returns what its /readyz says about Kafka once it names a cause. */
async function readinessOf(listener: ReturnType<typeof saslSslKafka>, choices: SaslSslChoices): Promise<string> {
  const [port] = await pickFreePorts(1);
  const child = await spawnTypeScript({
    entry: 'apps/ingress/src/main.ts',
    env: { ...ingressEnv(listener, choices), PORT: String(port) },
    logFile: join(testInfrastructure().dataDir, 'logs', `ingress-refused-${uniqueName('kafka')}.log`),
  });
  try {
    return await eventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`);
        const report = (await response.json()) as { checks: { kafka?: { error?: string } } };
        expect(response.status).toBe(503);
        expect(report.checks.kafka?.error).toMatch(/KAFKA_/);
        return report.checks.kafka?.error ?? '';
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
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
