import { defaultCatalogPath } from '@hookline/catalog';
import { z } from 'zod';
import { brokerList, flag, logLevel, optionalValue, pemFile, portNumber, postgresUrl, positiveInt, secret } from './env-values';
import { secureContextFailure } from './secure-context-failure';
import { checkHttpEnv, type HttpConfig, httpEnv, toHttpConfig } from './http-config';

/** What every Hookline service needs: where it listens, its Kafka and its Postgres. */
export interface ServiceConfig {
  service: string;
  logLevel: z.infer<ReturnType<typeof logLevel>>;
  http: HttpConfig;
  kafka: {
    brokers: string[];
    clientId: string;
    sessionTimeoutMs: number;
    fetch: { minBytes: number; maxWaitMs: number };
    /** TLS and SASL; absent for a plaintext cluster without logins (the local one). */
    security?: KafkaSecurity;
    /** `KAFKA_TOPIC_PREFIX`: this deployment's namespace on a shared cluster (platform/kafka's KafkaNamespace); '' for none. */
    topicPrefix: string;
  };
  database: { url: string; poolSize: number };
  /** `HOOKLINE_ADMIN_TOKEN`: the bearer token of every app's admin API (AdminTokenGuard). */
  adminToken: string;
  /** `HOOKLINE_CATALOG`: the services, teams and components of this deployment, loaded once by PlatformModule. */
  catalogPath: string;
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
    ...httpEnv,
    KAFKA_BROKERS: brokerList(),
    KAFKA_CLIENT_ID: z.string().min(1).optional(),
    KAFKA_SESSION_TIMEOUT_MS: positiveInt(30_000),
    // A consumer's fetch returns once this much is ready or the wait is over (platform/kafka's FetchSettings).
    KAFKA_FETCH_MIN_BYTES: positiveInt(65_536),
    KAFKA_FETCH_MAX_WAIT_MS: positiveInt(100),
    ...kafkaSecurityEnv,
    ...kafkaTopicPrefixEnv,
    DATABASE_URL: postgresUrl(),
    DATABASE_POOL_SIZE: positiveInt(10),
    HOOKLINE_ADMIN_TOKEN: secret(32),
    HOOKLINE_CATALOG: z.string().min(1).default(defaultCatalogPath),
  })
    // Apps may still `.extend` it with new variables: zod keeps the refinement and refuses only redefined ones.
    .superRefine(checkKafkaSecurity)
    .superRefine(checkHttpEnv);
}

type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;

export function toServiceConfig(service: string, env: ServiceEnv): ServiceConfig {
  return {
    service,
    logLevel: env.LOG_LEVEL,
    http: toHttpConfig(env),
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID ?? `hookline-${service}`,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      fetch: { minBytes: env.KAFKA_FETCH_MIN_BYTES, maxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS },
      security: toKafkaSecurity(env),
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
    },
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    adminToken: env.HOOKLINE_ADMIN_TOKEN,
    catalogPath: env.HOOKLINE_CATALOG,
  };
}

// --- Kafka TLS and SASL: what a managed cluster (MSK, Confluent Cloud, Aiven, Redpanda Cloud) asks for. ---
// Shared by every app's schema and the launcher's (tools/launcher), so both read the same variables.

/** The variables that decide how a Kafka connection authenticates; platform/kafka names them when a broker refuses one. */
export const KAFKA_SECURITY_ENV = {
  brokers: 'KAFKA_BROKERS',
  ssl: 'KAFKA_SSL',
  caFile: 'KAFKA_SSL_CA_FILE',
  certFile: 'KAFKA_SSL_CERT_FILE',
  keyFile: 'KAFKA_SSL_KEY_FILE',
  saslMechanism: 'KAFKA_SASL_MECHANISM',
  saslUsername: 'KAFKA_SASL_USERNAME',
  saslPassword: 'KAFKA_SASL_PASSWORD',
} as const;

export const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

/** How a Kafka connection authenticates, with its files already read. */
export interface KafkaSecurity {
  /** TLS to every broker. Without `ca`, Node's public CAs decide; `cert` and `key` are the client's own certificate (mutual TLS). */
  tls?: { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

export const kafkaSecurityEnv = {
  KAFKA_SSL: flag(false),
  KAFKA_SSL_CA_FILE: optionalValue(pemFile('certificate')),
  KAFKA_SSL_CERT_FILE: optionalValue(pemFile('certificate')),
  KAFKA_SSL_KEY_FILE: optionalValue(pemFile('private key')),
  // Kafka's own configs spell them in capitals (SCRAM-SHA-512); either spelling is accepted.
  KAFKA_SASL_MECHANISM: optionalValue(
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(saslMechanisms, { message: 'must be plain, scram-sha-256 or scram-sha-512' })),
  ),
  KAFKA_SASL_USERNAME: optionalValue(z.string()),
  KAFKA_SASL_PASSWORD: optionalValue(z.string()),
};

type KafkaSecurityEnv = z.infer<z.ZodObject<typeof kafkaSecurityEnv>>;

/** The checks that span several variables: half a client certificate or a login without its mechanism is a mistake, not a choice. */
export function checkKafkaSecurity(env: KafkaSecurityEnv, ctx: z.RefinementCtx): void {
  const names = KAFKA_SECURITY_ENV;
  const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  if (!env.KAFKA_SSL) {
    for (const variable of [names.caFile, names.certFile, names.keyFile] as const) {
      if (env[variable]) problem(variable, `is set but ${names.ssl} is not true; set ${names.ssl}=true to connect with TLS`);
    }
  }
  const { KAFKA_SSL_CA_FILE: ca, KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key } = env;
  if (cert && !key) problem(names.keyFile, `is required when ${names.certFile} is set (the client certificate's private key)`);
  if (key && !cert) problem(names.certFile, `is required when ${names.keyFile} is set (the certificate of that private key)`);
  if (cert && key) {
    const failure = secureContextFailure({ cert: cert.pem, key: key.pem });
    if (failure) problem(names.keyFile, `${key.path} does not go with the certificate in ${names.certFile} (${failure})`);
  }
  if (ca) {
    const failure = secureContextFailure({ ca: ca.pem });
    if (failure) problem(names.caFile, `${ca.path} holds no usable CA certificate (${failure})`);
  }
  if (env.KAFKA_SASL_MECHANISM) {
    if (env.KAFKA_SASL_USERNAME === undefined) problem(names.saslUsername, `is required when ${names.saslMechanism} is set`);
    if (env.KAFKA_SASL_PASSWORD === undefined) problem(names.saslPassword, `is required when ${names.saslMechanism} is set`);
  } else if (env.KAFKA_SASL_USERNAME !== undefined || env.KAFKA_SASL_PASSWORD !== undefined) {
    problem(
      names.saslMechanism,
      `is required when ${names.saslUsername} or ${names.saslPassword} is set (plain, scram-sha-256 or scram-sha-512)`,
    );
  }
}

/** The checked variables as the Kafka connection's settings; undefined for plaintext without a login. */
export function toKafkaSecurity(env: KafkaSecurityEnv): KafkaSecurity | undefined {
  const tls = env.KAFKA_SSL
    ? {
        ...(env.KAFKA_SSL_CA_FILE ? { ca: env.KAFKA_SSL_CA_FILE.pem } : {}),
        ...(env.KAFKA_SSL_CERT_FILE ? { cert: env.KAFKA_SSL_CERT_FILE.pem } : {}),
        ...(env.KAFKA_SSL_KEY_FILE ? { key: env.KAFKA_SSL_KEY_FILE.pem } : {}),
      }
    : undefined;
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  const sasl = mechanism && username !== undefined && password !== undefined ? { mechanism, username, password } : undefined;
  if (!tls && !sasl) return undefined;
  return { ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) };
}

// --- KAFKA_TOPIC_PREFIX: one deployment's topics and groups on a cluster it shares (a managed cluster's prefix ACLs, parallel tests). ---

/**
 * Dot-separated words of Kafka's legal topic characters; platform/kafka joins
 * it to every topic and group name with a dot (`team-a` → `team-a.ingress.alert.v1`).
 * Bounded so the longest name stays under Kafka's 249 characters.
 */
export const kafkaTopicPrefixEnv = {
  KAFKA_TOPIC_PREFIX: z
    .string()
    .max(200, 'must be at most 200 characters (Kafka topic names end at 249)')
    .regex(/^([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)?$/, "must be words of letters, digits, '_' and '-' joined by single dots (e.g. team-a or acme.staging)")
    .default(''),
};
