import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type AlertEvent, allTopicNames, topics } from '@hookline/contracts/events';
import { type RunningInfrastructure, pickFreePorts, startInfrastructure } from '@hookline/infra';
import { EventConsumer, EventPublisher, KafkaConnection, ensureTopics, on } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { eventually, senderFixture, testInfrastructure, uniqueName } from '@hookline/testing';
import { startIngressProcess } from './support/ingress-process';

// The broker is stopped in the middle of this spec, so it gets a Kafka of its
// own (on a fixed port, so the ingress finds it again after the restart);
// Postgres is the run's.

const logger = createLogger({ service: 'spec', level: 'silent' });

describe('the ingress while its Kafka broker is down', () => {
  const dataDir = join(testInfrastructure().dataDir, 'kafka-outage');
  let kafka: RunningInfrastructure | undefined;
  let kafkaPort: number;

  const startKafka = async (fresh: boolean) =>
    startInfrastructure({ dataDir, fresh, kafkaPort, externalDatabaseUrl: testInfrastructure().databaseUrl, log: () => undefined });

  afterAll(() => kafka?.stop());

  it('answers 503 while the broker is down and loses nothing it acknowledged once it is back', async () => {
    [kafkaPort = 0] = await pickFreePorts(1);
    kafka = await startKafka(true);
    const connection = new KafkaConnection({ brokers: kafka.kafkaBrokers, clientId: 'spec', logger });
    await ensureTopics(connection, allTopicNames(), { partitions: 3 });
    await connection.close();

    const ingress = await startIngressProcess({
      kafkaBrokers: kafka.kafkaBrokers,
      instance: 'kafka-outage',
      env: { INGRESS_PUBLISH_TIMEOUT_MS: '2000' },
    });
    const { url } = ingress;
    try {
      const created = await ingress.createIntegration({ name: 'outage', source: 'alertmanager', auth: { scheme: 'standard-webhooks' } });

      // A sender as Standard Webhooks senders behave: same message id on every retry.
      const send = (messageId: string) => {
        const body = JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${messageId}"}` });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const key = Buffer.from(created.secret.replace(/^whsec_/, ''), 'base64');
        const signature = createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64');
        return fetch(`${url}/webhooks/${created.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` },
          body,
        });
      };

      const before = await send(`msg_${randomUUID()}`);
      expect(before.status).toBe(202);

      await kafka.stop();
      const duringId = `msg_${randomUUID()}`;
      const during = await send(duringId);
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('5');

      kafka = await startKafka(false);
      // The sender retries the refused delivery until it is acknowledged.
      await eventually(async () => expect((await send(duringId)).status).toBe(202), { timeoutMs: 60_000, intervalMs: 1_000 });
      const after = await send(`msg_${randomUUID()}`);
      expect(after.status).toBe(202);
      // The outage's 503s are in the delivery log (written to Postgres directly while Kafka was down), before the retry's 202.
      await eventually(async () => {
        const log = await fetch(`${url}/api/integrations/${created.id}/deliveries`, { headers: { authorization: `Bearer ${ingress.secrets.adminToken}` } });
        const { deliveries } = (await log.json()) as { deliveries: { deliveryId: string; httpStatus: number }[] };
        expect(deliveries.filter((entry) => entry.deliveryId === duringId).map((entry) => entry.httpStatus)).toEqual(expect.arrayContaining([503, 202]));
      });

      // The attempt answered 503 may still have reached Kafka once the broker was back: its copy
      // carries the same event ids as the retry, so consumers' inboxes keep one of each.
      const alerts = await readAlerts(kafka.kafkaBrokers, created.id, 6);
      const distinct = new Map(alerts.map((alert) => [alert.id, alert]));
      expect(distinct.size).toBe(6); // 3 acknowledged deliveries × 2 alerts: none lost, none duplicated
      expect(new Set([...distinct.values()].map((alert) => alert.data.deliveryId)).size).toBe(3);
    } finally {
      await ingress.stop();
    }
  }, 180_000);
});

async function readAlerts(brokers: string[], integrationId: string, expected: number): Promise<AlertEvent[]> {
  const connection = new KafkaConnection({ brokers, clientId: 'spec', logger });
  const alerts: AlertEvent[] = [];
  const consumer = new EventConsumer(connection, new EventPublisher(connection), {
    groupId: uniqueName('spec-outage-reader'),
    logger,
    fromBeginning: true,
    handlers: [on(topics.alert, async (event) => void (event.data.integrationId === integrationId && alerts.push(event)))],
  });
  try {
    await consumer.start();
    await eventually(() => expect(alerts.length).toBeGreaterThanOrEqual(expected), { timeoutMs: 30_000 });
    // Give a duplicate the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return alerts;
  } finally {
    await consumer.stop();
    await connection.close();
  }
}
