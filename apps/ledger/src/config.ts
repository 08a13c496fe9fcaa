import { serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import type { z } from 'zod';

export const ledgerConfigSchema = serviceEnvSchema({ port: 3004 }).transform((env) => toServiceConfig('ledger', env));

export type LedgerConfig = z.infer<typeof ledgerConfigSchema>;
