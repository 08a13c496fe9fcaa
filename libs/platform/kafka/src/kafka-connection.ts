import { Kafka, logLevel as KafkaLogLevel, type LogEntry } from 'kafkajs';
import type { KafkaSecurity } from '@hookline/platform/config';
import type { Logger } from '@hookline/platform/observability';
import { withTimeout } from '@hookline/platform/observability';
import { explainRejection, type KafkaConnectionRejected } from './connection-rejection';
import { saslOptions, tlsOptions, watchedSocketFactory } from './connection-security';
import { KafkaNamespace } from './kafka-namespace';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** How long a single connection attempt may take; small, because /readyz and 503s depend on it. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /**
   * How long a consumer group waits for a silent member before giving its
   * partitions to the others (kafkajs default 30 s). Shorter means a crashed
   * replica's partitions move sooner; a batch must still finish within it.
   */
  sessionTimeoutMs?: number;
  /** How long a consumer's fetch may wait for data to accumulate; kafkajs's defaults (1 byte, 5 s) when absent. */
  fetch?: FetchSettings;
  /** TLS and SASL; plaintext without a login when absent. */
  security?: KafkaSecurity;
  /** `KAFKA_TOPIC_PREFIX`: the deployment's namespace on a shared cluster (see KafkaNamespace); none when absent or ''. */
  topicPrefix?: string;
}

/**
 * Kafka's `fetch.min.bytes` and `fetch.max.wait.ms`: the broker answers a
 * consumer's fetch once `minBytes` are ready or `maxWaitMs` have passed.
 *
 * With the default of one byte, a consumer under a steady stream fetches
 * again the moment anything arrives, so every few events cost a fetch, a
 * handler call (one database transaction), an offset commit and, downstream,
 * a produce. Waiting a little lets a batch fill: in an alert storm that is
 * the difference between a transaction per event and one per hundred. The
 * price is at most `maxWaitMs` of added latency per consumer hop when
 * traffic is light.
 */
export interface FetchSettings {
  minBytes: number;
  maxWaitMs: number;
}

/**
 * kafkajs warnings about choices made here on purpose: logged at debug so an
 * operator is not sent looking for a problem that is not there.
 */
const deliberateChoices = new Set([
  // EventPublisher bounds the idempotent producer's retries so an outage surfaces as a 503.
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/**
 * One Kafka client per process, shared by its publisher, consumers and admin.
 * kafkajs logs go through the service's pino logger at warn and above.
 */
export class KafkaConnection {
  readonly client: Kafka;
  /** How this deployment's topics and groups are named on the broker; the publisher, consumers and admin helpers apply it. */
  readonly namespace: KafkaNamespace;
  private admin: ReturnType<Kafka['admin']> | undefined;
  /** The latest refusal of this connection's settings, until a probe succeeds: kafkajs retries it as if the broker were down. */
  private rejection: KafkaConnectionRejected | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: KafkaConnectionOptions) {
    const logger = options.logger.child({ component: 'kafka' });
    this.logger = logger;
    this.namespace = new KafkaNamespace(options.topicPrefix);
    this.client = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ssl: tlsOptions(options.security),
      sasl: saslOptions(options.security),
      socketFactory: watchedSocketFactory((error) => this.noteFailure(error)),
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      logLevel: KafkaLogLevel.WARN,
      logCreator:
        () =>
        ({ level, log }: LogEntry) => {
          const { message, ...fields } = log;
          if (deliberateChoices.has(message)) logger.debug(fields, message);
          else if (level === KafkaLogLevel.ERROR) logger.error(fields, message);
          else if (level === KafkaLogLevel.WARN) logger.warn(fields, message);
          else logger.debug(fields, message);
        },
    });
  }

  get brokers(): readonly string[] {
    return this.options.brokers;
  }

  get sessionTimeoutMs(): number | undefined {
    return this.options.sessionTimeoutMs;
  }

  get fetch(): FetchSettings | undefined {
    return this.options.fetch;
  }

  /**
   * The admin client, connected on first use and kept for readiness probes
   * and topic management. A refused login or certificate rejects with a
   * KafkaConnectionRejected that names the setting to fix.
   */
  async connectedAdmin(): Promise<ReturnType<Kafka['admin']>> {
    if (!this.admin) {
      const admin = this.client.admin();
      try {
        await admin.connect();
      } catch (error) {
        throw this.noteFailure(error) ?? error;
      }
      this.admin = admin;
    }
    return this.admin;
  }

  /**
   * Readiness probe: the cluster answers a metadata request. While kafkajs
   * is still retrying a refused certificate, the probe already says why.
   */
  async ping(timeoutMs = 2_000): Promise<void> {
    try {
      const admin = await withTimeout(this.connectedAdmin(), timeoutMs, 'kafka did not accept a connection');
      await withTimeout(admin.describeCluster(), timeoutMs, 'kafka did not answer a metadata request');
      this.rejection = undefined;
    } catch (error) {
      throw this.rejection ?? error;
    }
  }

  /** Remembers why a broker refused this connection, logged once per distinct reason; returns that reason. */
  private noteFailure(error: unknown): KafkaConnectionRejected | undefined {
    const rejection = explainRejection(error);
    if (rejection && rejection.message !== this.rejection?.message) this.logger.error({ err: rejection.cause }, rejection.message);
    // Replaced even by undefined: a broker that now times out is down, whatever it refused before.
    this.rejection = rejection;
    return rejection;
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect();
  }
}
