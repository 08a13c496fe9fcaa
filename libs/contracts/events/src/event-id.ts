import { createHash } from 'node:crypto';

/** Hookline's UUIDv5 namespace (a random UUID, fixed forever: changing it changes every derived id). */
const hooklineNamespace = Buffer.from('3d9c1f0e7b2a4c58a6e1d4f27b905c13', 'hex');

/**
 * A name-based event id (UUIDv5): the same name always gives the same id.
 * For events that a retry may produce again, e.g. the alerts of a webhook
 * delivery the sender resent after a 503 whose first attempt still reached
 * Kafka: both copies carry one id, and consumers' inboxes keep one.
 */
export function eventIdFor(name: string): string {
  const hash = createHash('sha1').update(hooklineNamespace).update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
