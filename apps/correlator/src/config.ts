import { serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import type { z } from 'zod';

export const correlatorConfigSchema = serviceEnvSchema({ port: 3001 }).transform((env) => toServiceConfig('correlator', env));

export type CorrelatorConfig = z.infer<typeof correlatorConfigSchema>;
