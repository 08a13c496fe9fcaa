import { incidentPolicySchema, sourceKind } from '@hookline/contracts/events';
import { z } from 'zod';
import { correlationTemplateProblems, fieldMappingSchema, storableText } from '@hookline/webhooks/sources';
import { expectEverySchema } from './expect-every';
import { integrationAuthSchema } from './integration-auth';
import { parseAllowlist } from './ip-allowlist';
import { enteredSecretProblems } from './secret-format';
import { serviceBindingSchema } from './service-binding';

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

/** A secret the sender generated (PagerDuty v3 subscriptions, Stripe, Svix): entered instead of generated; its form is checked per scheme. */
const enteredSecret = z.string().max(1024).meta({ description: 'Bring your own secret: the one the sender generated. Omitted: Hookline generates one.' });

const editable = {
  name: z.string().min(1).max(200),
  service: z.string().min(1).max(256).nullable(),
  serviceBinding: serviceBindingSchema.nullable(),
  allowedIps,
  rateLimitPerMinute: z.int().min(1).max(1_000_000).nullable(),
  correlation: z.object({ template: z.string().min(1).max(512) }).strict().nullable(),
  fieldMapping: fieldMappingSchema.nullable(),
  incidentPolicy: incidentPolicySchema.strict().nullable(),
  owner: z.string().min(1).max(256).meta({ description: 'The catalog team that owns the integration' }).nullable(),
  description: z
    .string()
    .min(1)
    .max(2_000)
    .refine((text) => storableText(text) === text, { message: 'must not contain NUL or lone surrogates' })
    .meta({ description: 'What makes the sender call it: which rules or alerts' })
    .nullable(),
  expectEvery: expectEverySchema,
};

/** `POST /api/integrations`. */
export const createIntegrationSchema = z
  .object({
    name: editable.name,
    source: sourceKind,
    auth: integrationAuthSchema,
    secret: enteredSecret.optional(),
    service: editable.service.optional(),
    serviceBinding: editable.serviceBinding.optional(),
    allowedIps: editable.allowedIps.optional(),
    rateLimitPerMinute: editable.rateLimitPerMinute.optional(),
    correlation: editable.correlation.optional(),
    fieldMapping: editable.fieldMapping.optional(),
    incidentPolicy: editable.incidentPolicy.optional(),
    owner: editable.owner.optional(),
    description: editable.description.optional(),
    expectEvery: editable.expectEvery.optional(),
  })
  .strict()
  .refine((input) => input.auth.scheme !== 'routing-key' || input.source === 'pagerduty', {
    message: 'the routing-key scheme is for pagerduty integrations (POST /v2/enqueue)',
    path: ['auth', 'scheme'],
  })
  // A template or secret that cannot work is refused when saved, not discovered on the hot path.
  .superRefine((input, context) => {
    for (const problem of input.secret === undefined ? [] : enteredSecretProblems(input.auth, input.secret)) {
      context.addIssue({ code: 'custom', message: problem, path: ['secret'] });
    }
    for (const problem of input.correlation ? correlationTemplateProblems(input.correlation.template, input.source) : []) {
      context.addIssue({ code: 'custom', message: problem, path: ['correlation', 'template'] });
    }
  });

/** `PATCH /api/integrations/:id`: everything but the source and auth (use rotate-secret for secrets). */
export const updateIntegrationSchema = z
  .object({ ...editable, enabled: z.boolean() })
  .partial()
  .strict();

/** `POST /api/integrations/:id/rotate-secret`: an empty body generates the new secret. */
export const rotateSecretSchema = z.object({ secret: enteredSecret.optional() }).strict();

export type CreateIntegration = z.infer<typeof createIntegrationSchema>;
export type UpdateIntegration = z.infer<typeof updateIntegrationSchema>;
export type RotateSecret = z.infer<typeof rotateSecretSchema>;
