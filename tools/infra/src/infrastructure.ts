import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type KafkaSecurity, saslMechanisms } from '@hookline/platform/config';
import { makeTestCertificates, readBrokerPems, type SaslSslKafka } from '@hookline/testing';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { INFRA_ENV_VARS } from './env-vars';
import { errorMessage } from './errors';
import { parseBrokerList, verifyExternalKafka } from './external-kafka';
import { requireJava } from './java-runtime';
import { ensureKafkaJars } from './kafka-jars';
import { startKafkaServer, type KafkaServerOptions } from './kafka-server';
import { chooseLocalPorts } from './local-ports';
import { assertPortFree, pickFreePorts, type FixedPort } from './ports';
import { startPostgresServer, verifyExternalDatabase } from './postgres-server';
import { elapsedSince } from './timing';

export interface InfrastructureOptions {
  /** Folder for data and logs, e.g. <repo>/.hookline/dev or <repo>/.hookline/test (gitignored). */
  dataDir: string;
  /** Wipe the Kafka and Postgres data (and their logs) first (tests), or keep them, and their ports, across runs (npm start). */
  fresh: boolean;
  /** When set (comma-separated host:port list), use this Kafka and start none. */
  externalKafkaBrokers?: string;
  /** TLS and SASL of the external Kafka (KAFKA_SSL…, KAFKA_SASL…); handed back as `kafkaSecurity`. */
  externalKafkaSecurity?: KafkaSecurity;
  /** Give the local Kafka a SASL_SSL listener too, with a CA and a login made for this run (tests; needs `fresh`). */
  secureKafkaListener?: boolean;
  /** When set, use this Postgres server and start none. */
  externalDatabaseUrl?: string;
  /** Fixed ports; when absent, the previous run's where still free (not `fresh`), else free ones. A fixed port that is taken fails, naming the port and its env var. */
  kafkaPort?: number;
  postgresPort?: number;
  log: (message: string) => void;
}

export interface RunningInfrastructure {
  /** e.g. ['127.0.0.1:39092'] */
  kafkaBrokers: string[];
  /** How to authenticate to `kafkaBrokers`: the external Kafka's settings; undefined for the local plaintext listener. */
  kafkaSecurity?: KafkaSecurity;
  /** The local Kafka's SASL_SSL listener, when `secureKafkaListener` asked for one. */
  kafkaSaslSsl?: SaslSslKafka;
  /** postgres://user:pass@127.0.0.1:port/hookline */
  databaseUrl: string;
  /** Stops only what it started; idempotent; signals are sent synchronously, so it may be called from an 'exit' handler. */
  stop(): Promise<void>;
}

interface Started {
  stop(): Promise<void>;
}

interface KafkaHandle extends Started {
  brokers: string[];
  saslSsl?: SaslSslKafka;
}

interface PostgresHandle extends Started {
  databaseUrl: string;
}

const nothingToStop = async (): Promise<void> => undefined;

/** Kafka and Postgres, local or external, started in parallel; fails without leaving anything running. */
export async function startInfrastructure(options: InfrastructureOptions): Promise<RunningInfrastructure> {
  const startedAt = Date.now();
  const dataDir = resolve(options.dataDir);
  const externalBrokers = options.externalKafkaBrokers?.trim() ? parseBrokerList(options.externalKafkaBrokers) : undefined;
  const externalDatabaseUrl = options.externalDatabaseUrl?.trim() || undefined;

  // Checked before anything starts, so a taken port fails in milliseconds, not after a Kafka start.
  const fixedPorts: FixedPort[] = [];
  if (!externalBrokers && options.kafkaPort !== undefined) {
    fixedPorts.push({ port: options.kafkaPort, service: 'Kafka', envVar: INFRA_ENV_VARS.kafkaPort });
  }
  if (!externalDatabaseUrl && options.postgresPort !== undefined) {
    fixedPorts.push({ port: options.postgresPort, service: 'Postgres', envVar: INFRA_ENV_VARS.postgresPort });
  }
  await Promise.all(fixedPorts.map(assertPortFree));

  let lock: DataDirLock | undefined;
  if (!externalBrokers || !externalDatabaseUrl) {
    await mkdir(dataDir, { recursive: true });
    lock = await lockDataDir(dataDir);
  }

  const started: Started[] = [];
  try {
    const ports = await chooseLocalPorts({
      dataDir,
      remember: !options.fresh,
      fixed: { kafka: externalBrokers ? undefined : options.kafkaPort, postgres: externalDatabaseUrl ? undefined : options.postgresPort },
    });
    const kafka: Promise<KafkaHandle> = externalBrokers
      ? verifyExternalKafka(externalBrokers).then(() => ({ brokers: externalBrokers, stop: nothingToStop }))
      : startLocalKafka({
          dataDir,
          fresh: options.fresh,
          port: ports.kafka,
          controllerPort: ports.controller,
          secure: options.secureKafkaListener ?? false,
          usedPorts: Object.values(ports),
          log: options.log,
        });
    const postgres: Promise<PostgresHandle> = externalDatabaseUrl
      ? verifyExternalDatabase(externalDatabaseUrl).then(() => ({ databaseUrl: externalDatabaseUrl, stop: nothingToStop }))
      : startPostgresServer({ dataDir, fresh: options.fresh, port: ports.postgres, log: options.log });
    const [{ brokers, saslSsl }, { databaseUrl }] = await startBoth(kafka, postgres, started);
    options.log(`infrastructure ready in ${elapsedSince(startedAt)}`);

    let stopping: Promise<void> | undefined;
    const stopAll = async (): Promise<void> => {
      const results = await Promise.allSettled(started.map((service) => service.stop()));
      await lock?.release();
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
      options.log('infrastructure stopped');
    };
    return {
      kafkaBrokers: brokers,
      ...(externalBrokers && options.externalKafkaSecurity ? { kafkaSecurity: options.externalKafkaSecurity } : {}),
      ...(saslSsl ? { kafkaSaslSsl: saslSsl } : {}),
      databaseUrl,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

interface LocalKafkaOptions extends Omit<KafkaServerOptions, 'java' | 'jars' | 'secureListener'> {
  secure: boolean;
  usedPorts: number[];
}

async function startLocalKafka({ secure, usedPorts, ...options }: LocalKafkaOptions): Promise<KafkaHandle> {
  const java = await requireJava();
  const jars = await ensureKafkaJars({ log: options.log });
  if (!secure) return startKafkaServer({ ...options, java, jars });

  const certificates = await makeTestCertificates(join(options.dataDir, 'kafka-tls'));
  const { certificatePem, keyPem } = await readBrokerPems(certificates);
  const [port] = await pickFreePorts(1, usedPorts);
  const login = { username: 'hookline', password: randomBytes(18).toString('hex') };
  const kafka = await startKafkaServer({
    ...options,
    java,
    jars,
    secureListener: { port: port as number, certificatePem, keyPem, login },
  });
  const saslSsl: SaslSslKafka = {
    brokers: kafka.secureBrokers ?? [],
    caFile: certificates.caFile,
    untrustedCaFile: certificates.untrustedCaFile,
    mechanisms: [...saslMechanisms],
    ...login,
  };
  return { ...kafka, saslSsl };
}

/**
 * Awaits both starts; each one that succeeds is recorded in `started`. If
 * either fails, the other is stopped before the error is thrown, so a failed
 * start leaves no process behind.
 */
async function startBoth<K extends Started, P extends Started>(
  kafka: Promise<K>,
  postgres: Promise<P>,
  started: Started[],
): Promise<[K, P]> {
  const track = <T extends Started>(start: Promise<T>): Promise<T> =>
    start.then((service) => {
      started.push(service);
      return service;
    });
  const [k, p] = await Promise.allSettled([track(kafka), track(postgres)]);
  if (k.status === 'fulfilled' && p.status === 'fulfilled') return [k.value, p.value];
  await Promise.allSettled(started.map((service) => service.stop()));
  const failures = [k, p].flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length === 1) throw failures[0];
  throw new Error(failures.map(errorMessage).join('\n\n'));
}
