import type { RequestToVerify, VerificationFailure } from './verification-result';
import { refused } from './verification-result';

/**
 * The single value of a required header, or why there is none. `name` is lower-case (as Node
 * gives it); `label` is how the sender's documentation spells it, for the reason.
 */
export function readHeader(headers: RequestToVerify['headers'], name: string, label: string): string | VerificationFailure {
  const raw = headers[name];
  // Node joins repeated headers itself; an array here means two values that disagree, and
  // choosing one of them is how request-smuggling bugs start.
  if (Array.isArray(raw) && raw.length > 1) return refused(`header ${label} appears more than once`);
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value === undefined || value === '') return refused(`missing header ${label}`);
  return value;
}

// Delivery ids go into logs, Kafka events and the duplicate cache: keep them short and printable.
const DELIVERY_ID = /^[\x21-\x7e]{1,256}$/;

export function isDeliveryId(value: string): boolean {
  return DELIVERY_ID.test(value);
}

/**
 * An optional delivery id that the signature does not cover (X-GitHub-Delivery, X-Webhook-Id).
 * It only feeds best-effort duplicate detection, so an odd one is dropped, not refused.
 */
export function readOptionalDeliveryId(headers: RequestToVerify['headers'], name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  return value !== undefined && isDeliveryId(value) ? value : undefined;
}
