/**
 * The environment variables through which people steer the local
 * infrastructure. This library reads only HOOKLINE_CACHE_DIR itself; the
 * launcher maps the others onto InfrastructureOptions. They live here because
 * the error messages name them and must name what the launcher really reads.
 */
export const INFRA_ENV_VARS = {
  kafkaPort: 'HOOKLINE_KAFKA_PORT',
  postgresPort: 'HOOKLINE_POSTGRES_PORT',
  externalKafkaBrokers: 'KAFKA_BROKERS',
  externalDatabaseUrl: 'DATABASE_URL',
  cacheDir: 'HOOKLINE_CACHE_DIR',
} as const;
