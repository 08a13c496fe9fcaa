import { serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import type { z } from 'zod';

export const ticketingConfigSchema = serviceEnvSchema({ port: 3002 }).transform((env) => toServiceConfig('ticketing', env));

export type TicketingConfig = z.infer<typeof ticketingConfigSchema>;
