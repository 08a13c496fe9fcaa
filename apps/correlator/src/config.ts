import { positiveInt, serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import { z } from 'zod';
import type { CorrelationPolicy } from './incidents/correlation-policy';

export const correlatorConfigSchema = serviceEnvSchema({ port: 3001 })
  .extend({
    CORRELATOR_REOPEN_COOLDOWN_SECONDS: positiveInt(300),
    CORRELATOR_FLAPPING_REOPENS: positiveInt(3),
    CORRELATOR_FLAPPING_WINDOW_SECONDS: positiveInt(3_600),
    CORRELATOR_FLAPPING_HOLD_DOWN_SECONDS: positiveInt(600),
    CORRELATOR_GROUP_THRESHOLD: positiveInt(1),
    CORRELATOR_GROUP_WINDOW_SECONDS: positiveInt(300),
    CORRELATOR_TIMER_INTERVAL_MS: positiveInt(5_000),
  })
  .transform((env) => ({
    ...toServiceConfig('correlator', env),
    correlator: {
      policy: {
        reopenCooldownSeconds: env.CORRELATOR_REOPEN_COOLDOWN_SECONDS,
        flappingReopens: env.CORRELATOR_FLAPPING_REOPENS,
        flappingWindowSeconds: env.CORRELATOR_FLAPPING_WINDOW_SECONDS,
        flappingHoldDownSeconds: env.CORRELATOR_FLAPPING_HOLD_DOWN_SECONDS,
        defaultGroupThreshold: env.CORRELATOR_GROUP_THRESHOLD,
        defaultGroupWindowSeconds: env.CORRELATOR_GROUP_WINDOW_SECONDS,
      } satisfies CorrelationPolicy,
      timerIntervalMs: env.CORRELATOR_TIMER_INTERVAL_MS,
    },
  }));

export type CorrelatorConfig = z.infer<typeof correlatorConfigSchema>;
export type CorrelatorSettings = CorrelatorConfig['correlator'];
