export interface Integration {
  id: string;
  /** The secret the sender authenticates with (a `whsec_…` key, or a bearer token). */
  secret: string;
}

/** How the sender authenticates, as the ingress's admin API takes it. */
export type IntegrationAuth = { scheme: 'standard-webhooks' } | { scheme: 'bearer' };

/** Creates an Alertmanager integration through the ingress's admin API. */
export async function createIntegration(
  ingressUrl: string,
  adminToken: string,
  options: { name?: string; auth?: IntegrationAuth } = {},
): Promise<Integration> {
  const response = await fetch(`${ingressUrl}/api/integrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: options.name ?? 'bench', source: 'alertmanager', auth: options.auth ?? { scheme: 'standard-webhooks' } }),
  });
  const body = (await response.json()) as { id?: unknown; secret?: unknown };
  if (response.status !== 201 || typeof body.id !== 'string' || typeof body.secret !== 'string') {
    throw new Error(`creating the integration answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return { id: body.id, secret: body.secret };
}
