import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTopicNames } from '@hookline/contracts/events';
import type { KafkaSecurity } from '@hookline/platform/config';
import { KafkaConnection, ensureTopics } from '@hookline/platform/kafka';
import type { Logger } from '@hookline/platform/observability';
import type { SupervisedProcess } from '@hookline/infra';
import { type ListenerLayout, adminPortOf, serviceUrls } from './listener-layout';
import type { LocalSecrets } from './local-secrets';
import { spawnTypeScript } from './node-process';
import { readinessStatus } from './readiness-probe';
import { type ServiceName, services } from './services';

export interface PipelineEnvironment {
  kafkaBrokers: string[];
  databaseUrl: string;
  /** Folder for the apps' log files. */
  logDir: string;
  logLevel?: string;
  secrets: LocalSecrets;
  /** How the ingress names itself in webhook URLs. */
  publicUrl?: string;
  /** Extra variables for every app (e.g. HOOKLINE_CATALOG, KAFKA_SESSION_TIMEOUT_MS); each app reads those it knows. */
  env?: Readonly<Record<string, string>>;
  /** HTTPS and admin listeners, as the apps' TLS_CERT_FILE and ADMIN_PORT set them (loadListenerLayout); plain HTTP on one port when absent. */
  listeners?: ListenerLayout;
}

/** Consecutive ports from `basePort` in service order (ingress 3000, correlator 3001, …). */
export function consecutivePorts(basePort: number): Record<ServiceName, number> {
  return Object.fromEntries(services.map((service) => [service.name, basePort + service.portOffset])) as Record<ServiceName, number>;
}

/**
 * Creates every registry topic and every consumer group's dead-letter topic before any app starts,
 * under `topicPrefix` (the apps' KAFKA_TOPIC_PREFIX) when the deployment has one; returns the names created.
 */
export async function createTopics(
  kafkaBrokers: string[],
  partitions: number,
  logger: Logger,
  security?: KafkaSecurity,
  topicPrefix?: string,
): Promise<string[]> {
  const connection = new KafkaConnection({ brokers: kafkaBrokers, clientId: 'hookline-launcher', logger, security, topicPrefix });
  try {
    const { created } = await ensureTopics(connection, allTopicNames(), { partitions });
    return created;
  } finally {
    await connection.close();
  }
}

export interface MigrationEnvironment extends Pick<PipelineEnvironment, 'databaseUrl' | 'logDir'> {
  /** Sets the password of the ledger's read-only analyst role (LEDGER_ANALYST_PASSWORD); unset leaves the role's login as it is. */
  analystPassword?: string;
}

/** Runs every app's migration step, as a deployment would, before any app starts. */
export async function migrateAll(environment: MigrationEnvironment): Promise<void> {
  await Promise.all(
    services.map(async (service) => {
      const logFile = join(environment.logDir, `${service.name}.migrate.log`);
      const env: Record<string, string> = { DATABASE_URL: environment.databaseUrl };
      if (service.name === 'ledger' && environment.analystPassword !== undefined) env['LEDGER_ANALYST_PASSWORD'] = environment.analystPassword;
      const child = await spawnTypeScript({ entry: `apps/${service.name}/src/migrate.ts`, env, logFile });
      const { code } = await child.exited;
      if (code !== 0) throw new Error(`migrations of ${service.name} failed (exit ${code}):\n${tail(logFile)}`);
    }),
  );
}

export interface RunningService {
  name: ServiceName;
  url: string;
  /** The admin listener (admin API, /metrics, /readyz) when the app has one of its own. */
  adminUrl?: string;
  process: SupervisedProcess;
}

export interface RunningPipeline {
  services: RunningService[];
  urlOf(name: ServiceName): string;
  stop(): Promise<void>;
}

/** Starts the apps (all five, or `only` those), each on its port, and waits until every `/readyz` answers 200. */
export async function startPipeline(
  environment: PipelineEnvironment,
  ports: Readonly<Record<ServiceName, number>>,
  readyTimeoutMs = 90_000,
  only: readonly ServiceName[] = services.map((service) => service.name),
): Promise<RunningPipeline> {
  const running: RunningService[] = await Promise.all(only.map((name) => spawnService(environment, name, ports[name])));
  const pipeline: RunningPipeline = {
    services: running,
    urlOf: (name) => running.find((service) => service.name === name)?.url ?? '',
    stop: async () => {
      await Promise.all(running.map((service) => service.process.stop()));
    },
  };
  try {
    await Promise.all(running.map((service) => waitUntilReady(service, environment.logDir, readyTimeoutMs)));
  } catch (error) {
    await pipeline.stop();
    throw error;
  }
  return pipeline;
}

/**
 * Starts one app as `startPipeline` does and waits for its `/readyz`: to
 * bring back an app that was stopped or killed, on the same port.
 */
export async function startService(
  environment: PipelineEnvironment,
  name: ServiceName,
  port: number,
  readyTimeoutMs = 90_000,
): Promise<RunningService> {
  const service = await spawnService(environment, name, port);
  try {
    await waitUntilReady(service, environment.logDir, readyTimeoutMs);
  } catch (error) {
    await service.process.stop();
    throw error;
  }
  return service;
}

async function spawnService(environment: PipelineEnvironment, name: ServiceName, port: number): Promise<RunningService> {
  const layout = environment.listeners ?? { scheme: 'http' };
  const urls = serviceUrls(layout, name, port);
  const adminPort = adminPortOf(layout, name);
  return {
    name,
    ...urls,
    process: await spawnTypeScript({
      entry: `apps/${name}/src/main.ts`,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        // One ADMIN_PORT in the environment would be every app's: each gets its own instead.
        ...(adminPort !== undefined ? { ADMIN_PORT: String(adminPort), ADMIN_HOST: '127.0.0.1' } : {}),
        KAFKA_BROKERS: environment.kafkaBrokers.join(','),
        DATABASE_URL: environment.databaseUrl,
        LOG_LEVEL: environment.logLevel ?? 'info',
        HOOKLINE_ADMIN_TOKEN: environment.secrets.adminToken,
        ...(name === 'ingress'
          ? { HOOKLINE_MASTER_KEY: environment.secrets.masterKey, HOOKLINE_PUBLIC_URL: environment.publicUrl ?? urls.url }
          : {}),
        ...environment.env,
      },
      logFile: join(environment.logDir, `${name}.log`),
    }),
  };
}

async function waitUntilReady(service: RunningService, logDir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.process.hasExited()) throw new Error(`${service.name} exited during start-up:\n${tail(join(logDir, `${service.name}.log`))}`);
    try {
      // With an admin listener, the public port answers /readyz 404: it is the admin listener's.
      if ((await readinessStatus(`${service.adminUrl ?? service.url}/readyz`)) === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms; see ${join(logDir, `${service.name}.log`)}`);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no output in ${file})`;
  }
}
