import { serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import type { z } from 'zod';

export const ingressConfigSchema = serviceEnvSchema({ port: 3000 }).transform((env) => toServiceConfig('ingress', env));

export type IngressConfig = z.infer<typeof ingressConfigSchema>;
