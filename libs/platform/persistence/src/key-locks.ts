import type { EntityManager } from 'typeorm';

/**
 * Serialises work on the same keys across replicas: transaction-scoped
 * advisory locks on (namespace, key), held until the caller's transaction
 * ends. They are taken in one order everywhere (by the keys' hashes), so two
 * transactions locking overlapping sets of keys wait for each other instead
 * of deadlocking. The namespace keeps one app's keys from another's.
 */
export async function takeKeyLocks(manager: EntityManager, namespace: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock(hashtext($1), key_hash)
     FROM (SELECT DISTINCT hashtext(key) AS key_hash FROM unnest($2::text[]) AS key ORDER BY key_hash) AS sorted`,
    [namespace, [...keys]],
  );
}
