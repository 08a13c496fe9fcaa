import { pickFreePorts } from '@hookline/infra';
import { type LocalSecrets, generateLocalSecrets, spawnTypeScript } from '@hookline/launcher';
import { eventually, testInfrastructure } from '@hookline/testing';

export interface IngressProcess {
  url: string;
  secrets: LocalSecrets;
  createIntegration(body: Record<string, unknown>): Promise<{ id: string; secret: string }>;
  stop(): Promise<void>;
}

/** The real ingress as its own process (as `npm start` runs it), ready to take webhooks. */
export async function startIngressProcess(options: { kafkaBrokers: string[]; logFile: string; env?: Record<string, string> }): Promise<IngressProcess> {
  const secrets = generateLocalSecrets();
  const [port] = await pickFreePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const child = await spawnTypeScript({
    entry: 'apps/ingress/src/main.ts',
    env: {
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      DATABASE_URL: testInfrastructure().databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      HOOKLINE_ADMIN_TOKEN: secrets.adminToken,
      HOOKLINE_MASTER_KEY: secrets.masterKey,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    logFile: options.logFile,
  });
  try {
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeoutMs: 60_000 });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url,
    secrets,
    createIntegration: async (body) => {
      const response = await fetch(`${url}/api/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { id: string; secret: string };
    },
    stop: () => child.stop(),
  };
}
