import { join } from 'node:path';
import { pickFreePorts } from '@hookline/infra';
import {
  type PipelineEnvironment,
  type RunningService,
  type ServiceName,
  generateLocalSecrets,
  services,
  startPipeline,
  startService,
} from '@hookline/launcher';
import { type IsolatedDeployment, startIsolatedDeployment } from './isolated-deployment';
import { PipelineClient } from './pipeline-client';
import { type TestCatalog, type TestServiceSpec, writeTestCatalog } from './test-catalog';

/**
 * Settings that make a test pipeline answer in seconds rather than minutes:
 * the status page publishes at once, a killed replica's partitions move on
 * after 6 s (the broker's minimum session timeout), timers and the ticket
 * sync worker look often, and the breaker and retries of external calls are
 * short. Any of them can be overridden per pipeline.
 */
export const fastPipelineEnv: Readonly<Record<string, string>> = {
  STATUS_PAGE_PUBLISH_DELAY_SECONDS: '0',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  CORRELATOR_TIMER_INTERVAL_MS: '1000',
  TICKETING_SYNC_INTERVAL_MS: '200',
  TICKETING_CONNECTOR_TIMEOUT_MS: '2000',
  TICKETING_RETRY_INITIAL_MS: '200',
  TICKETING_RETRY_MAX_MS: '2000',
  TICKETING_BREAKER_FAILURES: '3',
  TICKETING_BREAKER_OPEN_MS: '2000',
};

export interface TestPipelineOptions {
  /** A unique name (uniqueName) for this pipeline's catalog, services, team and log folder. */
  run: string;
  services: readonly TestServiceSpec[];
  /** A Kafka the spec runs itself (an outage spec's); the run's by default. Topics of the pipeline's own are created on it. */
  kafkaBrokers?: string[];
  /** A Postgres the spec runs itself, already migrated; by default a database of the pipeline's own on the run's server. */
  databaseUrl?: string;
  /** Folder for the catalog and the apps' logs. */
  dataDir: string;
  /** Added to (and overriding) `fastPipelineEnv` for every app. */
  env?: Readonly<Record<string, string>>;
  /** The team's external ticket desk (see ticket-desk.ts), with its token. */
  desk?: { url: string; token: string };
  logLevel?: string;
}

export interface TestPipeline {
  client: PipelineClient;
  catalog: TestCatalog;
  /** The pipeline's topic prefix and database: read its topics and tables there, nowhere else. */
  deployment: IsolatedDeployment;
  urlOf(name: ServiceName): string;
  /** SIGKILL: no shutdown hook runs, as when a node dies. */
  kill(name: ServiceName): Promise<void>;
  /** Starts the app again on its port, with the same settings, and waits until it is ready. */
  restart(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

const deskSecretEnvVar = 'TICKETING_SECRET_DESK';

/**
 * The five real apps as processes on one Kafka and one Postgres, with a
 * catalog of the run's own, in a deployment of their own (topic prefix and
 * database, see IsolatedDeployment), so pipelines of several spec files run
 * side by side.
 */
export async function startTestPipeline(options: TestPipelineOptions): Promise<TestPipeline> {
  const catalog = writeTestCatalog({
    dir: options.dataDir,
    run: options.run,
    services: options.services,
    ...(options.desk ? { desk: { url: options.desk.url, secretEnvVar: deskSecretEnvVar } } : {}),
  });
  const secrets = generateLocalSecrets();
  const deployment = await startIsolatedDeployment({ kafkaBrokers: options.kafkaBrokers, databaseUrl: options.databaseUrl });
  const environment: PipelineEnvironment = {
    kafkaBrokers: deployment.kafkaBrokers,
    databaseUrl: deployment.databaseUrl,
    logDir: join(options.dataDir, 'logs', options.run),
    logLevel: options.logLevel ?? 'warn',
    secrets,
    env: {
      ...fastPipelineEnv,
      ...deployment.env,
      HOOKLINE_CATALOG: catalog.path,
      ...(options.desk ? { [deskSecretEnvVar]: options.desk.token } : {}),
      ...options.env,
    },
  };
  const freePorts = await pickFreePorts(services.length);
  const ports = Object.fromEntries(services.map((service, index) => [service.name, freePorts[index] ?? 0])) as Record<ServiceName, number>;
  let started;
  try {
    started = await startPipeline(environment, ports);
  } catch (error) {
    await deployment.drop();
    throw error;
  }
  const running = new Map<ServiceName, RunningService>(started.services.map((service) => [service.name, service]));
  const urlOf = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  return {
    client: new PipelineClient(urlOf, secrets.adminToken),
    catalog,
    deployment,
    urlOf,
    kill: async (name) => {
      const service = running.get(name);
      if (!service || service.process.hasExited()) return;
      process.kill(service.process.pid, 'SIGKILL');
      await service.process.exited;
    },
    restart: async (name) => {
      running.set(name, await startService(environment, name, ports[name]));
    },
    stop: async () => {
      await Promise.all([...running.values()].map((service) => service.process.stop()));
      await deployment.drop();
    },
  };
}
