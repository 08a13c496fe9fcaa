import { positiveInt, serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import { z } from 'zod';

/**
 * 32 bytes, given as 64 hex digits or base64 (padded or not, standard or URL
 * alphabet): the AES-256-GCM key that encrypts integration secrets at rest.
 * Parsed strictly: Node's base64 decoder skips characters it does not know,
 * so a mistyped key would otherwise become some other, weaker key.
 */
const masterKeyFormat = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/;
const masterKey = () =>
  z
    .string()
    .regex(masterKeyFormat, { message: 'must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)' })
    .transform((value) => (/^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value.replace(/=$/, ''), 'base64url')))
    .refine((key) => key.length === 32, { message: 'must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)' });

const flag = () => z.enum(['true', 'false']).default('false').transform((value) => value === 'true');

export const ingressConfigSchema = serviceEnvSchema({ port: 3000 })
  .extend({
    HOOKLINE_MASTER_KEY: masterKey(),
    HOOKLINE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    INGRESS_BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
    INGRESS_PUBLISH_TIMEOUT_MS: positiveInt(5_000),
    INGRESS_DEDUPE_WINDOW_SECONDS: positiveInt(600),
    INGRESS_SECRET_GRACE_HOURS: positiveInt(24),
    // Deprecated: TRUSTED_PROXIES names the proxies; true now means loopback and private addresses (platform/service).
    INGRESS_TRUST_PROXY: flag(),
    // PagerDuty documents 512 KB per Events v2 event; real events are a few KB.
    INGRESS_PAGERDUTY_BODY_LIMIT_BYTES: positiveInt(512 * 1024),
    INGRESS_REFUSALS_PER_MINUTE: positiveInt(120),
    INGRESS_HEADERS_TIMEOUT_MS: positiveInt(10_000),
    INGRESS_BODY_TIMEOUT_MS: positiveInt(10_000),
    INGRESS_IDLE_TIMEOUT_MS: positiveInt(5_000),
    INGRESS_MAX_CONNECTIONS: positiveInt(4_096),
    // Delivery records held in memory while neither Kafka nor Postgres takes them (about 1 KB each).
    INGRESS_DELIVERY_SPOOL_LIMIT: positiveInt(10_000),
  })
  .transform((env) => {
    const service = toServiceConfig('ingress', env);
    return {
      ...service,
      ingress: {
        masterKey: env.HOOKLINE_MASTER_KEY,
        publicUrl: (env.HOOKLINE_PUBLIC_URL ?? `${service.http.tls ? 'https' : 'http'}://127.0.0.1:${service.http.port}`).replace(/\/$/, ''),
        bodyLimitBytes: env.INGRESS_BODY_LIMIT_BYTES,
        publishTimeoutMs: env.INGRESS_PUBLISH_TIMEOUT_MS,
        dedupeWindowMs: env.INGRESS_DEDUPE_WINDOW_SECONDS * 1000,
        secretGraceMs: env.INGRESS_SECRET_GRACE_HOURS * 3_600_000,
        trustProxy: env.INGRESS_TRUST_PROXY,
        pagerDutyBodyLimitBytes: env.INGRESS_PAGERDUTY_BODY_LIMIT_BYTES,
        refusalsPerMinute: env.INGRESS_REFUSALS_PER_MINUTE,
        deliverySpoolLimit: env.INGRESS_DELIVERY_SPOOL_LIMIT,
        connections: {
          headersTimeoutMs: env.INGRESS_HEADERS_TIMEOUT_MS,
          bodyTimeoutMs: env.INGRESS_BODY_TIMEOUT_MS,
          idleTimeoutMs: env.INGRESS_IDLE_TIMEOUT_MS,
          maxConnections: env.INGRESS_MAX_CONNECTIONS,
        },
      },
    };
  });

export type IngressConfig = z.infer<typeof ingressConfigSchema>;
