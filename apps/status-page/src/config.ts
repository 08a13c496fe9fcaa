import { nonNegativeInt, positiveInt, serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import { z } from 'zod';

export const statusPageConfigSchema = serviceEnvSchema({ port: 3003 })
  .extend({
    STATUS_PAGE_PUBLISH_DELAY_SECONDS: nonNegativeInt(60),
    STATUS_PAGE_NAME: z.string().min(1).max(256).default('Hookline'),
    STATUS_PAGE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. https://status.example.com' }).optional(),
    STATUS_PAGE_HISTORY_DAYS: positiveInt(90),
  })
  .transform((env) => ({
    ...toServiceConfig('status-page', env),
    statusPage: {
      publishDelaySeconds: env.STATUS_PAGE_PUBLISH_DELAY_SECONDS,
      page: {
        name: env.STATUS_PAGE_NAME,
        // Links in feeds and the JSON API must be absolute; without a public URL the page names its own address.
        url: (env.STATUS_PAGE_URL ?? `${env.TLS_CERT_FILE ? 'https' : 'http'}://127.0.0.1:${env.PORT}`).replace(/\/+$/, ''),
      },
      historyDays: env.STATUS_PAGE_HISTORY_DAYS,
    },
  }));

export type StatusPageConfig = z.infer<typeof statusPageConfigSchema>;
export type StatusPageSettings = StatusPageConfig['statusPage'];
