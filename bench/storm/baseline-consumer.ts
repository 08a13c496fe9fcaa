// The storm benchmark's baseline: the least a consumer of `ingress.alert.v1`
// with exactly-once effects must do. It reads the same events in batches
// through the same platform consumer, and records each batch's event ids in
// an inbox in one transaction, and nothing else. The correlator does this
// plus the incident work, so correlator/baseline is what correlating costs.
//
// Env: KAFKA_BROKERS, DATABASE_URL, BENCH_GROUP. Prints "joined" once consuming.
import { topics } from '@hookline/contracts/events';
import { EventConsumer, EventPublisher, KafkaConnection, onBatch } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { createDataSource, Inbox, messagingTablesMigration, runMigrations } from '@hookline/platform/persistence';

export const baselineSchema = 'bench_baseline';

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench-baseline', level: 'warn' });
  const dataSource = createDataSource({
    url: process.env['DATABASE_URL'] ?? '',
    schema: baselineSchema,
    entities: [],
    migrations: [messagingTablesMigration({ schema: baselineSchema, outbox: false, timestamp: 1795400000000 })],
    poolSize: 10,
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const inbox = new Inbox(dataSource);
  const connection = new KafkaConnection({ brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','), clientId: 'bench-baseline', logger });
  const consumer = new EventConsumer(connection, new EventPublisher(connection), {
    groupId: process.env['BENCH_GROUP'] ?? 'bench-baseline',
    fromBeginning: true,
    logger,
    handlers: [
      onBatch(topics.alert, async (events) => {
        await dataSource.transaction((manager) => inbox.claim(manager, topics.alert.name, events));
      }),
    ],
  });
  await consumer.start();
  console.log('joined');
  process.once('SIGTERM', () => {
    void consumer
      .stop()
      .then(() => dataSource.destroy())
      .finally(() => process.exit(0));
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
