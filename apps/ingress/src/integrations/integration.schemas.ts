import { incidentPolicySchema, sourceKind } from '@hookline/contracts/events';
import { z } from 'zod';
import { correlationTemplateProblems, fieldMappingSchema } from '@hookline/webhooks/sources';
import { integrationAuthSchema } from './integration-auth';
import { parseAllowlist } from './ip-allowlist';

const allowedIps = z
  .array(z.string().max(64))
  .max(100)
  .superRefine((entries, context) => {
    try {
      parseAllowlist(entries);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const editable = {
  name: z.string().min(1).max(200),
  service: z.string().min(1).max(256).nullable(),
  allowedIps,
  rateLimitPerMinute: z.int().min(1).max(1_000_000).nullable(),
  correlation: z.object({ template: z.string().min(1).max(512) }).strict().nullable(),
  fieldMapping: fieldMappingSchema.nullable(),
  incidentPolicy: incidentPolicySchema.strict().nullable(),
};

/** `POST /api/integrations`. */
export const createIntegrationSchema = z
  .object({
    name: editable.name,
    source: sourceKind,
    auth: integrationAuthSchema,
    service: editable.service.optional(),
    allowedIps: editable.allowedIps.optional(),
    rateLimitPerMinute: editable.rateLimitPerMinute.optional(),
    correlation: editable.correlation.optional(),
    fieldMapping: editable.fieldMapping.optional(),
    incidentPolicy: editable.incidentPolicy.optional(),
  })
  .strict()
  .refine((input) => input.auth.scheme !== 'routing-key' || input.source === 'pagerduty', {
    message: 'the routing-key scheme is for pagerduty integrations (POST /v2/enqueue)',
    path: ['auth', 'scheme'],
  })
  // A template that cannot work is refused when saved, not discovered on the hot path.
  .superRefine((input, context) => {
    for (const problem of input.correlation ? correlationTemplateProblems(input.correlation.template, input.source) : []) {
      context.addIssue({ code: 'custom', message: problem, path: ['correlation', 'template'] });
    }
  });

/** `PATCH /api/integrations/:id`: everything but the source and auth (use rotate-secret for secrets). */
export const updateIntegrationSchema = z
  .object({ ...editable, enabled: z.boolean() })
  .partial()
  .strict();

export type CreateIntegration = z.infer<typeof createIntegrationSchema>;
export type UpdateIntegration = z.infer<typeof updateIntegrationSchema>;
