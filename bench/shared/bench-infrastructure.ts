// What every benchmark sets up before it measures anything: Kafka and
// Postgres with every migration run, a Postgres client, and (for those that
// read or write events) every topic and a Kafka connection and publisher.
// Each piece is registered with the teardown as it starts, so a run that
// fails half-way still stops what it started.
import { join } from 'node:path';
import { startInfrastructure } from '@hookline/infra';
import { createTopics, migrateAll } from '@hookline/launcher';
import { EventPublisher, KafkaConnection } from '@hookline/platform/kafka';
import { type Logger, createLogger } from '@hookline/platform/observability';
import { Client } from 'pg';
import type { Teardown } from './teardown';

export interface BenchInfrastructure {
  kafkaBrokers: string[];
  databaseUrl: string;
  /** `<dataDir>/logs`: the migrations' and apps' log files. */
  logDir: string;
  db: Client;
}

export interface BenchKafka {
  /** Silent unless fatal: a benchmark's own Kafka clients must not write over its report. */
  logger: Logger;
  connection: KafkaConnection;
  /** Also the dead-letter publisher of the benchmark's own consumers. */
  publisher: EventPublisher;
}

/**
 * Starts Kafka and Postgres in `dataDir` (fresh unless told otherwise, or an
 * external Postgres), runs every app's migrations and connects a Postgres client.
 */
export async function startBenchInfrastructure(
  teardown: Teardown,
  options: { dataDir: string; say: (message: string) => void; fresh?: boolean; externalDatabaseUrl?: string },
): Promise<BenchInfrastructure> {
  const infrastructure = await startInfrastructure({
    dataDir: options.dataDir,
    fresh: options.fresh ?? true,
    externalDatabaseUrl: options.externalDatabaseUrl,
    log: options.say,
  });
  teardown.add('Kafka and Postgres', () => infrastructure.stop());
  const { kafkaBrokers, databaseUrl } = infrastructure;
  const logDir = join(options.dataDir, 'logs');
  await migrateAll({ databaseUrl, logDir });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  teardown.add('the Postgres client', () => db.end());
  return { kafkaBrokers, databaseUrl, logDir, db };
}

/** Creates every topic (and dead-letter topic) with `partitions` partitions, then a connection and publisher for the benchmark itself. */
export async function connectBenchKafka(teardown: Teardown, kafkaBrokers: string[], partitions: number): Promise<BenchKafka> {
  const logger = createLogger({ service: 'bench', level: 'fatal' });
  await createTopics(kafkaBrokers, partitions, logger);
  const connection = new KafkaConnection({ brokers: kafkaBrokers, clientId: 'hookline-bench', logger });
  const publisher = new EventPublisher(connection);
  teardown.add('the Kafka clients', async () => {
    await publisher.disconnect();
    await connection.close();
  });
  return { logger, connection, publisher };
}
