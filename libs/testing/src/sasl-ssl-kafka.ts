import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** How `npm test` (tools/launcher) hands the run's SASL_SSL listener to Jest: one JSON value. */
export const SASL_SSL_KAFKA_ENV = 'HOOKLINE_TEST_KAFKA_SASL_SSL';

const saslSslKafkaSchema = z.object({
  brokers: z.array(z.string().min(1)).min(1),
  /** Path of the PEM of the CA that signed the broker's certificate. */
  caFile: z.string().min(1),
  /** Path of the PEM of a CA that signed nothing the broker shows: trusting it, a client must refuse the broker. */
  untrustedCaFile: z.string().min(1),
  /** The listener offers every mechanism an app can use, all with the one login. */
  mechanisms: z.array(z.enum(['plain', 'scram-sha-256', 'scram-sha-512'])).min(1),
  username: z.string().min(1),
  password: z.string().min(1),
});

/** The run's Kafka listener with TLS and SASL, beside the plaintext one every other spec uses. */
export type SaslSslKafka = z.infer<typeof saslSslKafkaSchema>;
export type SaslMechanismName = SaslSslKafka['mechanisms'][number];

/** What a spec varies to be refused: another mechanism, a wrong password, a CA that did not sign the broker's certificate. */
export interface SaslSslChoices {
  mechanism?: SaslMechanismName;
  password?: string;
  /** A CA file to trust instead of the listener's. */
  trusting?: string;
}

/** The value of SASL_SSL_KAFKA_ENV for a listener. */
export function saslSslKafkaEnv(listener: SaslSslKafka): Record<string, string> {
  return { [SASL_SSL_KAFKA_ENV]: JSON.stringify(saslSslKafkaSchema.parse(listener)) };
}

/** The run's SASL_SSL listener, or undefined when the run has none (an external Kafka, or Jest started by hand). */
export function findSaslSslKafka(): SaslSslKafka | undefined {
  const value = process.env[SASL_SSL_KAFKA_ENV];
  return value ? saslSslKafkaSchema.parse(JSON.parse(value)) : undefined;
}

/** The run's SASL_SSL listener; throws, saying why, when this run has none. */
export function saslSslKafka(): SaslSslKafka {
  const listener = findSaslSslKafka();
  if (!listener) {
    throw new Error(
      `${SASL_SSL_KAFKA_ENV} is not set: \`npm test\` gives its local Kafka a SASL_SSL listener; ` +
        'a run against an external Kafka (KAFKA_BROKERS) has none, and a spec that needs it runs through `npm test` with the local Kafka.',
    );
  }
  return listener;
}

/**
 * The connection settings of the SASL_SSL listener, as platform/kafka's
 * `security` option takes them (SCRAM-SHA-512 unless told otherwise).
 */
export function saslSslSecurity(listener: SaslSslKafka, options: SaslSslChoices = {}) {
  return {
    tls: { ca: readFileSync(options.trusting ?? listener.caFile, 'utf8') },
    sasl: {
      mechanism: options.mechanism ?? 'scram-sha-512',
      username: listener.username,
      password: options.password ?? listener.password,
    },
  };
}

/**
 * The same settings as environment variables, for an app process: proves
 * the apps read them (KAFKA_SSL_CA_FILE and friends) as a deployment sets them.
 */
export function saslSslAppEnv(listener: SaslSslKafka, options: SaslSslChoices = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: listener.brokers.join(','),
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: options.trusting ?? listener.caFile,
    KAFKA_SASL_MECHANISM: options.mechanism ?? 'scram-sha-512',
    KAFKA_SASL_USERNAME: listener.username,
    KAFKA_SASL_PASSWORD: options.password ?? listener.password,
  };
}
