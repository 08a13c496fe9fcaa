import { createTopics } from '@hookline/launcher';
import type { KafkaSecurity } from '@hookline/platform/config';
import { KafkaConnection } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { createTestDatabase, testInfrastructure, uniqueName } from '@hookline/testing';

/**
 * One Hookline deployment of a spec's own on the run's Kafka and Postgres:
 * its own KAFKA_TOPIC_PREFIX (topics, consumer groups and dead letters) and
 * its own database (every app's schema, inbox and outbox). Apps started with
 * `env` read and write only what this spec sends them, so spec files can run
 * in parallel: no other spec's correlator joins this one's group, and no
 * other spec's outbox relay publishes this one's rows.
 */
export interface IsolatedDeployment {
  kafkaBrokers: string[];
  topicPrefix: string;
  databaseUrl: string;
  /** KAFKA_TOPIC_PREFIX and DATABASE_URL, for every app of this deployment. */
  env: Record<string, string>;
  /** A Kafka connection of the spec's own in this deployment's namespace: publish, read and name groups as the apps do. */
  connectKafka(): KafkaConnection;
  /** Drops the database; call it after the deployment's apps stopped. */
  drop(): Promise<void>;
}

const logger = createLogger({ service: 'spec', level: 'warn' });

export async function startIsolatedDeployment(
  options: {
    /** A Kafka of the spec's own (an outage spec's) instead of the run's; its security, if any. */
    kafkaBrokers?: string[];
    kafkaSecurity?: KafkaSecurity;
    /** A Postgres the spec runs itself (already migrated), used as it is instead of a copy on the run's server. */
    databaseUrl?: string;
    partitions?: number;
  } = {},
): Promise<IsolatedDeployment> {
  const kafkaBrokers = options.kafkaBrokers ?? testInfrastructure().kafkaBrokers;
  // Hyphens, not uniqueName's underscore: Kafka warns about topic names that mix '.' and '_'.
  const topicPrefix = uniqueName('spec').replace('_', '-');
  await createTopics(kafkaBrokers, options.partitions ?? 3, logger, options.kafkaSecurity, topicPrefix);
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database?.url ?? '';
  return {
    kafkaBrokers,
    topicPrefix,
    databaseUrl,
    env: { KAFKA_TOPIC_PREFIX: topicPrefix, DATABASE_URL: databaseUrl },
    connectKafka: () => new KafkaConnection({ brokers: kafkaBrokers, clientId: 'spec', logger, security: options.kafkaSecurity, topicPrefix }),
    drop: async () => {
      await database?.drop();
    },
  };
}
