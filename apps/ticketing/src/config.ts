import { positiveInt, serviceEnvSchema, toServiceConfig } from '@hookline/platform/config';
import { tier } from '@hookline/catalog';
import { z } from 'zod';
import type { SyncSettings } from './sync/sync-settings';

/** Connector credentials come from variables with this prefix, named in the catalog (`auth.secret`), never from the catalog file itself. */
export const connectorSecretPrefix = 'TICKETING_SECRET_';

export const ticketingConfigSchema = serviceEnvSchema({ port: 3002 })
  .extend({
    TICKETING_DEFAULT_TIER: tier.default('tier-2'),
    TICKETING_SYNC_INTERVAL_MS: positiveInt(1_000),
    TICKETING_SYNC_BATCH_SIZE: positiveInt(20),
    TICKETING_CONNECTOR_TIMEOUT_MS: positiveInt(10_000),
    TICKETING_RETRY_INITIAL_MS: positiveInt(1_000),
    TICKETING_RETRY_MAX_MS: positiveInt(300_000),
    TICKETING_BREAKER_FAILURES: positiveInt(5),
    TICKETING_BREAKER_OPEN_MS: positiveInt(30_000),
  })
  // Kept so the connector secrets (any `TICKETING_SECRET_*`) survive parsing; every other unknown variable is dropped below.
  .loose()
  .transform((env) => ({
    ...toServiceConfig('ticketing', env),
    ticketing: {
      defaultTier: env.TICKETING_DEFAULT_TIER,
      sync: {
        intervalMs: env.TICKETING_SYNC_INTERVAL_MS,
        batchSize: env.TICKETING_SYNC_BATCH_SIZE,
        timeoutMs: env.TICKETING_CONNECTOR_TIMEOUT_MS,
        retry: { initialBackoffMs: env.TICKETING_RETRY_INITIAL_MS, maxBackoffMs: env.TICKETING_RETRY_MAX_MS },
        breaker: { failureThreshold: env.TICKETING_BREAKER_FAILURES, openMs: env.TICKETING_BREAKER_OPEN_MS },
      } satisfies SyncSettings,
      secrets: connectorSecrets(env),
    },
  }));

export type TicketingConfig = z.infer<typeof ticketingConfigSchema>;

function connectorSecrets(env: Record<string, unknown>): ReadonlyMap<string, string> {
  return new Map(
    Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith(connectorSecretPrefix) && typeof entry[1] === 'string' && entry[1] !== ''),
  );
}
