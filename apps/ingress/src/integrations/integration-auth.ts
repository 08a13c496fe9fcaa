import { z } from 'zod';
import { authConfigSchema } from '@hookline/webhooks/verification';

/**
 * How an integration's deliveries are authenticated: a verification scheme,
 * or `routing-key` for PagerDuty's Events API (`POST /v2/enqueue`), where, as
 * at PagerDuty, the unguessable routing key in the body is the credential.
 */
export const integrationAuthSchema = z.union([authConfigSchema, z.object({ scheme: z.literal('routing-key') })]);

export type IntegrationAuth = z.infer<typeof integrationAuthSchema>;

export function usesSecret(auth: IntegrationAuth): auth is Exclude<IntegrationAuth, { scheme: 'routing-key' }> {
  return auth.scheme !== 'routing-key';
}
