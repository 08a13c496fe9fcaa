import { pickFreePorts } from '@hookline/infra';
import { type ServiceName, spawnTypeScript } from '@hookline/launcher';
import { eventually, testInfrastructure } from '@hookline/testing';
import { join } from 'node:path';
import type { IsolatedDeployment } from './isolated-deployment';

export interface ServiceProcess {
  url: string;
  pid: number;
  /** SIGKILL: no shutdown hook runs, as when a node dies. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One Hookline app as its own process (as `npm start` runs it) against the
 * run's Kafka and Postgres, returned once its `/readyz` answers 200.
 */
export async function startServiceProcess(options: {
  service: ServiceName;
  env: Record<string, string>;
  /** Distinguishes the log files of several processes of one app. */
  instance?: string;
  kafkaBrokers?: string[];
  /** The deployment the app belongs to (its Kafka, topic prefix and database); the run's shared ones when absent. */
  deployment?: IsolatedDeployment;
}): Promise<ServiceProcess> {
  const infrastructure = testInfrastructure();
  const [port] = await pickFreePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const child = await spawnTypeScript({
    entry: `apps/${options.service}/src/main.ts`,
    env: {
      KAFKA_BROKERS: (options.kafkaBrokers ?? options.deployment?.kafkaBrokers ?? infrastructure.kafkaBrokers).join(','),
      DATABASE_URL: infrastructure.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...options.deployment?.env,
      ...options.env,
    },
    logFile: join(infrastructure.dataDir, 'logs', `${options.service}${options.instance ? `-${options.instance}` : ''}.log`),
  });
  try {
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeoutMs: 90_000 });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url,
    pid: child.pid,
    kill: async () => {
      process.kill(child.pid, 'SIGKILL');
      await child.exited;
    },
    stop: () => child.stop(),
  };
}
