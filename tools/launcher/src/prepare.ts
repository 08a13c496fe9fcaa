// `prepare`: creates the topics and runs every app's migrations against the
// Kafka and Postgres that KAFKA_BROKERS and DATABASE_URL name. The one-shot
// step of docker-compose and of a deployment, before any app starts.
import { join } from 'node:path';
import {
  ConfigError,
  loadConfig,
  brokerList,
  checkKafkaSecurity,
  kafkaSecurityEnv,
  kafkaTopicPrefixEnv,
  positiveInt,
  postgresUrl,
  toKafkaSecurity,
} from '@hookline/platform/config';
import { createLogger } from '@hookline/platform/observability';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import { createTopics, migrateAll } from './pipeline';

const prepareEnvSchema = z
  .object({
    KAFKA_BROKERS: brokerList(),
    ...kafkaSecurityEnv,
    // The apps' namespace on a shared cluster: the topics are created in it.
    ...kafkaTopicPrefixEnv,
    DATABASE_URL: postgresUrl(),
    HOOKLINE_TOPIC_PARTITIONS: positiveInt(6),
  })
  .superRefine(checkKafkaSecurity);

async function main(): Promise<void> {
  const env = loadConfig(prepareEnvSchema, process.env);
  const logger = createLogger({ service: 'prepare', level: 'info' });
  const created = await createTopics(env.KAFKA_BROKERS, env.HOOKLINE_TOPIC_PARTITIONS, logger, toKafkaSecurity(env), env.KAFKA_TOPIC_PREFIX);
  logger.info({ created }, 'topics ready');
  const logDir = join(tmpdir(), 'hookline-prepare');
  await migrateAll({ databaseUrl: env.DATABASE_URL, logDir });
  logger.info({ logDir }, 'migrations applied');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
