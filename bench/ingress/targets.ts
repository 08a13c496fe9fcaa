import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SupervisedProcess } from '@hookline/infra';
import { type LocalSecrets, spawnTypeScript } from '@hookline/launcher';
import type { Integration } from '../shared/integrations';

/** A server under test: where to send webhooks and which process to measure. */
export interface Target {
  name: 'baseline' | 'ingress';
  baseUrl: string;
  webhookUrl: string;
  process: SupervisedProcess;
  logFile: string;
}

interface TargetEnvironment {
  kafkaBrokers: string[];
  logDir: string;
  /** Added to the server's environment, e.g. the CPU profiling hook. */
  extraEnv?: Record<string, string>;
}

/** The real ingress, as `npm start` runs it (same entry point, same environment variables). */
export async function startIngress(
  environment: TargetEnvironment & { databaseUrl: string; secrets: LocalSecrets; logLevel: string },
  port: number,
): Promise<Omit<Target, 'webhookUrl'>> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(environment.logDir, 'ingress.log');
  const child = await spawnTypeScript({
    entry: 'apps/ingress/src/main.ts',
    env: {
      KAFKA_BROKERS: environment.kafkaBrokers.join(','),
      DATABASE_URL: environment.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: environment.logLevel,
      HOOKLINE_ADMIN_TOKEN: environment.secrets.adminToken,
      HOOKLINE_MASTER_KEY: environment.secrets.masterKey,
      HOOKLINE_PUBLIC_URL: baseUrl,
      ...environment.extraEnv,
    },
    logFile,
  });
  const ingress = { name: 'ingress' as const, baseUrl, process: child, logFile };
  await waitUntilReady(ingress);
  return ingress;
}

export async function startBaseline(environment: TargetEnvironment, port: number, integration: Integration): Promise<Target> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(environment.logDir, 'baseline.log');
  const child = await spawnTypeScript({
    entry: 'bench/ingress/baseline-server.ts',
    env: {
      KAFKA_BROKERS: environment.kafkaBrokers.join(','),
      PORT: String(port),
      HOST: '127.0.0.1',
      BENCH_INTEGRATION_ID: integration.id,
      BENCH_SECRET: integration.secret,
      ...environment.extraEnv,
    },
    logFile,
  });
  const baseline = { name: 'baseline' as const, baseUrl, webhookUrl: `${baseUrl}/webhooks/${integration.id}`, process: child, logFile };
  await waitUntilReady(baseline);
  return baseline;
}

async function waitUntilReady(target: Omit<Target, 'webhookUrl'>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (target.process.hasExited()) throw new Error(`${target.name} exited during start-up:\n${tail(target.logFile)}`);
    try {
      const response = await fetch(`${target.baseUrl}/readyz`, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${target.name} was not ready within ${timeoutMs} ms; see ${target.logFile}`);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no output in ${file})`;
  }
}
