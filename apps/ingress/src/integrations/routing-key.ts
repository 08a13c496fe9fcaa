import { createHash, randomBytes } from 'node:crypto';

/**
 * PagerDuty Events API v2 routing keys ("integration keys"): 32 characters,
 * as PagerDuty issues them, so senders that check the length accept ours, and
 * a key copied from PagerDuty can be entered as it is.
 */
export const routingKeyFormat = /^[A-Za-z0-9]{32}$/;

/** 128 random bits as 32 hex digits. */
export function generateRoutingKey(): string {
  return randomBytes(16).toString('hex');
}

/**
 * How a routing key is stored and looked up: its SHA-256. The key is a
 * credential the ingress never needs back (nothing is signed with it), so
 * only its digest is kept; a key of 128 random bits needs no slow hash.
 */
export function routingKeyDigest(routingKey: string): string {
  return createHash('sha256').update(routingKey, 'utf8').digest('hex');
}
