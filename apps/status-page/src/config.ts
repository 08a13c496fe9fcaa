import { serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import type { z } from 'zod';

export const statusPageConfigSchema = serviceEnvSchema({ port: 3003 }).transform((env) => toServiceConfig('status-page', env));

export type StatusPageConfig = z.infer<typeof statusPageConfigSchema>;
