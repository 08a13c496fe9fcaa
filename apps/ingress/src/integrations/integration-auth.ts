import { z } from 'zod';
import { authConfigSchema, generateSecret } from '@hookline/webhooks/verification';
import { generateRoutingKey } from './routing-key';

/**
 * How an integration's deliveries are authenticated: a verification scheme,
 * or `routing-key` for PagerDuty's Events API (`POST /v2/enqueue`), where, as
 * at PagerDuty, the routing key in the body is the credential. Every scheme
 * has a secret: the routing key is one too, apart from the integration id.
 */
export const integrationAuthSchema = z.union([authConfigSchema, z.object({ scheme: z.literal('routing-key') })]);

export type IntegrationAuth = z.infer<typeof integrationAuthSchema>;

/** A new random secret in the form the scheme's senders expect. */
export function newSecretFor(auth: IntegrationAuth): string {
  return auth.scheme === 'routing-key' ? generateRoutingKey() : generateSecret(auth);
}
