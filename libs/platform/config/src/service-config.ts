import { z } from 'zod';
import { brokerList, logLevel, portNumber, postgresUrl, positiveInt } from './env-values';

/** What every Hookline service needs: where it listens, its Kafka and its Postgres. */
export interface ServiceConfig {
  service: string;
  logLevel: z.infer<ReturnType<typeof logLevel>>;
  http: { host: string; port: number };
  kafka: { brokers: string[]; clientId: string; sessionTimeoutMs: number; fetch: { minBytes: number; maxWaitMs: number } };
  database: { url: string; poolSize: number };
}

/**
 * The environment variables shared by every service. Apps extend the raw
 * object schema with their own variables and map the result with `toServiceConfig`.
 */
export function serviceEnvSchema(defaults: { port: number }) {
  return z.object({
    LOG_LEVEL: logLevel(),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: portNumber(defaults.port),
    KAFKA_BROKERS: brokerList(),
    KAFKA_CLIENT_ID: z.string().min(1).optional(),
    KAFKA_SESSION_TIMEOUT_MS: positiveInt(30_000),
    // A consumer's fetch returns once this much is ready or the wait is over (platform/kafka's FetchSettings).
    KAFKA_FETCH_MIN_BYTES: positiveInt(65_536),
    KAFKA_FETCH_MAX_WAIT_MS: positiveInt(100),
    DATABASE_URL: postgresUrl(),
    DATABASE_POOL_SIZE: positiveInt(10),
  });
}

type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;

export function toServiceConfig(service: string, env: ServiceEnv): ServiceConfig {
  return {
    service,
    logLevel: env.LOG_LEVEL,
    http: { host: env.HOST, port: env.PORT },
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID ?? `hookline-${service}`,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      fetch: { minBytes: env.KAFKA_FETCH_MIN_BYTES, maxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS },
    },
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
  };
}
