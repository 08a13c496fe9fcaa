import { sourceKind } from '@hookline/contracts/events';
import { authConfigSchema } from '@hookline/webhooks/verification';
import { z } from 'zod';

/** The answer of `POST /api/integrations` that a sender configuration is made from. */
export const createdIntegrationSchema = z.object({
  id: z.string(),
  webhookUrl: z.string(),
  secret: z.string().optional(),
  integration: z.looseObject({
    name: z.string(),
    source: sourceKind,
    auth: z.union([authConfigSchema, z.object({ scheme: z.literal('routing-key') })]),
  }),
});

export type CreatedIntegration = z.infer<typeof createdIntegrationSchema>;
export type IntegrationAuth = CreatedIntegration['integration']['auth'];
