import { serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import type { z } from 'zod';

/** The ledger needs only the shared service variables (its analyst login is set by its migration step: migrate.ts). */
export const ledgerConfigSchema = serviceEnvSchema({ port: 3004 }).transform((env) => toServiceConfig('ledger', env));

export type LedgerConfig = z.infer<typeof ledgerConfigSchema>;
