import { defaultCatalogPath } from '@hookline/catalog';
import { secret, serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import { z } from 'zod';

export const ledgerConfigSchema = serviceEnvSchema({ port: 3004 })
  .extend({
    HOOKLINE_ADMIN_TOKEN: secret(32),
    HOOKLINE_CATALOG: z.string().min(1).default(defaultCatalogPath),
  })
  .transform((env) => ({
    ...toServiceConfig('ledger', env),
    ledger: {
      adminToken: env.HOOKLINE_ADMIN_TOKEN,
      catalogPath: env.HOOKLINE_CATALOG,
    },
  }));

export type LedgerConfig = z.infer<typeof ledgerConfigSchema>;
