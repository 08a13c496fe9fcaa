import { type LocalSecrets, generateLocalSecrets } from '@hookline/launcher';
import type { IsolatedDeployment } from './isolated-deployment';
import { startServiceProcess } from './service-process';

export interface IngressProcess {
  url: string;
  secrets: LocalSecrets;
  createIntegration(body: Record<string, unknown>): Promise<{ id: string; secret: string }>;
  stop(): Promise<void>;
}

/** The real ingress as its own process (as `npm start` runs it), ready to take webhooks. */
export async function startIngressProcess(options: {
  kafkaBrokers?: string[];
  instance: string;
  env?: Record<string, string>;
  /** Its own topic prefix and database (see IsolatedDeployment); the run's shared ones when absent. */
  deployment?: IsolatedDeployment;
}): Promise<IngressProcess> {
  const secrets = generateLocalSecrets();
  const ingress = await startServiceProcess({
    service: 'ingress',
    instance: options.instance,
    kafkaBrokers: options.kafkaBrokers,
    deployment: options.deployment,
    env: { HOOKLINE_ADMIN_TOKEN: secrets.adminToken, HOOKLINE_MASTER_KEY: secrets.masterKey, ...options.env },
  });
  return {
    url: ingress.url,
    secrets,
    createIntegration: async (body) => {
      const response = await fetch(`${ingress.url}/api/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { id: string; secret: string };
    },
    stop: () => ingress.stop(),
  };
}
