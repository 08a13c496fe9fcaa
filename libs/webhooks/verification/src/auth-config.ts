import { z } from 'zod';

/** Replay window when an integration does not set one: the Standard Webhooks and Stripe default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

// A wider window makes the timestamp check meaningless as replay protection.
const MAX_TOLERANCE_SECONDS = 3600;

// RFC 9110 token: what a sender can actually put on the wire as a header name.
const headerNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name');

const toleranceSecondsSchema = z.number().int().min(1).max(MAX_TOLERANCE_SECONDS);

export const hmacPresets = ['grafana', 'github', 'pagerduty-v3'] as const;
export type HmacPreset = (typeof hmacPresets)[number];

export const hmacSignedContents = ['body', 'timestamp.body', 'timestamp:body'] as const;
export type HmacSignedContent = (typeof hmacSignedContents)[number];

export const standardWebhooksAuthSchema = z.strictObject({
  scheme: z.literal('standard-webhooks'),
  toleranceSeconds: toleranceSecondsSchema.optional(),
});

// Fields left out are filled from the preset (see hmac.ts); fields given override it,
// e.g. Grafana lets the user rename its signature header.
const hmacAuthFieldsSchema = z.strictObject({
  scheme: z.literal('hmac'),
  preset: z.enum(hmacPresets).optional(),
  header: headerNameSchema.optional(),
  encoding: z.enum(['hex', 'base64']).optional(),
  prefix: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  timestampHeader: headerNameSchema.optional(),
  signedContent: z.enum(hmacSignedContents).optional(),
  toleranceSeconds: toleranceSecondsSchema.optional(),
  deliveryIdHeader: headerNameSchema.optional(),
});

export type HmacAuthConfig = z.infer<typeof hmacAuthFieldsSchema>;

export interface ConfigProblem {
  path: [keyof HmacAuthConfig];
  message: string;
}

/**
 * Combinations the schema refuses. hmac.ts refuses them too, because a config typed in
 * code never went through the schema, and each of these would fail open or refuse everything.
 */
export function hmacConfigProblems(config: HmacAuthConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.preset === undefined && config.header === undefined) {
    problems.push({ path: ['header'], message: 'header is required without a preset' });
  }
  if (config.signedContent !== undefined && config.signedContent !== 'body' && config.timestampHeader === undefined) {
    problems.push({ path: ['timestampHeader'], message: `signedContent ${config.signedContent} needs a timestampHeader` });
  }
  if (config.timestampHeader !== undefined) {
    // A timestamp outside the signed content can be rewritten by whoever replays the request.
    if (config.signedContent === 'body') {
      problems.push({ path: ['signedContent'], message: 'a timestampHeader must be part of the signed content' });
    }
    // Only Grafana defines how its timestamp is signed; anywhere else a guess would refuse every request.
    if (config.signedContent === undefined && config.preset !== 'grafana') {
      problems.push({ path: ['signedContent'], message: 'signedContent is required with a timestampHeader' });
    }
  }
  if (config.toleranceSeconds !== undefined && config.timestampHeader === undefined) {
    problems.push({ path: ['toleranceSeconds'], message: 'toleranceSeconds needs a timestampHeader' });
  }
  return problems;
}

export const hmacAuthSchema = hmacAuthFieldsSchema.superRefine((config, ctx) => {
  for (const problem of hmacConfigProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
});

export const stripeStyleAuthSchema = z.strictObject({
  scheme: z.literal('stripe-style'),
  header: headerNameSchema.optional(),
  toleranceSeconds: toleranceSecondsSchema.optional(),
});

export const bearerAuthSchema = z.strictObject({
  scheme: z.literal('bearer'),
});

export const basicAuthSchema = z.strictObject({
  scheme: z.literal('basic'),
  // RFC 7617: the user-id cannot contain a colon; the password (our secret) can.
  username: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[^:\p{Cc}]+$/u, 'must not contain a colon or control characters'),
});

/** How an integration authenticates its webhooks; the secrets themselves are stored apart from it. */
export const authConfigSchema = z.discriminatedUnion('scheme', [
  standardWebhooksAuthSchema,
  hmacAuthSchema,
  stripeStyleAuthSchema,
  bearerAuthSchema,
  basicAuthSchema,
]);

export type AuthConfig = z.infer<typeof authConfigSchema>;
export type AuthScheme = AuthConfig['scheme'];
export type StandardWebhooksAuthConfig = z.infer<typeof standardWebhooksAuthSchema>;
export type StripeStyleAuthConfig = z.infer<typeof stripeStyleAuthSchema>;
export type BearerAuthConfig = z.infer<typeof bearerAuthSchema>;
export type BasicAuthConfig = z.infer<typeof basicAuthSchema>;
