import { z } from 'zod';

/**
 * What an alert for a service outside the binding gets: `refuse` (the
 * default) keeps it out of the pipeline, `flag` publishes it marked
 * `foreignService` (to find out what a binding would refuse before enforcing it).
 */
export const foreignAlertPolicies = ['refuse', 'flag'] as const;
export type ForeignAlertPolicy = (typeof foreignAlertPolicies)[number];

/** The catalog services an integration may speak for (and so their teams and status-page components). */
export const serviceBindingSchema = z
  .object({
    services: z.array(z.string().min(1).max(256)).min(1).max(200),
    foreignAlerts: z.enum(foreignAlertPolicies).default('refuse'),
  })
  .strict();

export type ServiceBinding = z.infer<typeof serviceBindingSchema>;
