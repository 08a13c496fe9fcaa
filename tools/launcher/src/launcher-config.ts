import {
  brokerList,
  checkKafkaSecurity,
  KAFKA_SECURITY_ENV,
  kafkaSecurityEnv,
  kafkaTopicPrefixEnv,
  loadConfig,
  logLevel,
  portNumber,
  positiveInt,
  postgresUrl,
  secret,
  toKafkaSecurity,
} from '@hookline/platform/config';
import type { InfrastructureOptions } from '@hookline/infra';
import { z } from 'zod';

/** The environment of `npm start` and `npm test` (documented in the README's configuration table). */
const launcherEnvSchema = z
  .object({
    KAFKA_BROKERS: brokerList().optional(),
    // The external Kafka's TLS and SASL, the same variables the apps read (they inherit them).
    ...kafkaSecurityEnv,
    // The apps' namespace on a shared cluster (they inherit it); the launcher creates the topics in it.
    ...kafkaTopicPrefixEnv,
    DATABASE_URL: postgresUrl().optional(),
    HOOKLINE_KAFKA_PORT: portNumber(0),
    HOOKLINE_POSTGRES_PORT: portNumber(0),
    HOOKLINE_BASE_PORT: portNumber(3000),
    HOOKLINE_TOPIC_PARTITIONS: positiveInt(6),
    /** `npm start`'s data folder (Kafka log, Postgres cluster, secrets, logs); relative paths are from the repository. */
    HOOKLINE_DATA_DIR: z.string().min(1).default('.hookline/dev'),
    LOG_LEVEL: logLevel(),
    // Checked here too, so a short token stops `npm start` before anything starts rather than five apps at once.
    HOOKLINE_ADMIN_TOKEN: secret(32).optional(),
  })
  .superRefine(checkKafkaSecurity)
  .superRefine((env, ctx) => {
    // The local Kafka listens in plaintext; apps told to use TLS or a login with it would never connect.
    if (env.KAFKA_BROKERS || !toKafkaSecurity(env)) return;
    ctx.addIssue({
      code: 'custom',
      path: [KAFKA_SECURITY_ENV.brokers],
      message: 'is required with KAFKA_SSL or KAFKA_SASL_MECHANISM: the Kafka that `npm start` and `npm test` run locally is plaintext',
    });
  });

export type LauncherConfig = z.infer<typeof launcherEnvSchema>;

export function loadLauncherConfig(env: Readonly<Record<string, string | undefined>>): LauncherConfig {
  return loadConfig(launcherEnvSchema, env);
}

/** The parts of the infrastructure options that come from the environment: external servers or fixed ports. */
export function infrastructureOverrides(
  config: LauncherConfig,
): Pick<InfrastructureOptions, 'externalKafkaBrokers' | 'externalKafkaSecurity' | 'externalDatabaseUrl' | 'kafkaPort' | 'postgresPort'> {
  return {
    externalKafkaBrokers: config.KAFKA_BROKERS?.join(','),
    externalKafkaSecurity: toKafkaSecurity(config),
    externalDatabaseUrl: config.DATABASE_URL,
    kafkaPort: config.HOOKLINE_KAFKA_PORT || undefined,
    postgresPort: config.HOOKLINE_POSTGRES_PORT || undefined,
  };
}
