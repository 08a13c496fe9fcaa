import { createHash } from 'node:crypto';

// Truncation keeps a real alert flowing when a sender's text is longer than the
// contract allows. Two kinds:
// - display text (summary, description, names, label and annotation values) is
//   cut and ends in an ellipsis, so a reader sees it was cut;
// - identities (fingerprint, correlation key, label keys) are cut and end in a
//   hash of the whole value, so two long values that share a prefix stay distinct.

const ellipsis = '…';
const hashLength = 16;

/** Cuts before `end` without splitting a surrogate pair, which would leave invalid UTF-16. */
function cutAt(value: string, end: number): string {
  const last = value.charCodeAt(end - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** Text of at most `maxLength` UTF-16 units (the unit zod's `max` counts), ending in `…` if it was cut. */
export function truncateText(value: string, maxLength: number): string {
  return value.length <= maxLength ? value : cutAt(value, maxLength - ellipsis.length) + ellipsis;
}

/** An identity of at most `maxLength` units: unchanged if it fits, else a prefix, `…` and 16 hex digits of its SHA-256. */
export function boundedIdentity(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, hashLength);
  return cutAt(value, maxLength - ellipsis.length - hashLength) + ellipsis + hash;
}

export interface MapLimits {
  entries: number;
  keyLength: number;
  valueLength: number;
}

/**
 * A string map within the contract's bounds. Beyond `entries`, the keys that
 * sort last are dropped: the order of a sender's JSON keys carries no meaning,
 * and sorting keeps the kept set the same for the same alert every time.
 * Empty keys (the contract refuses them) and `__proto__` are skipped.
 */
export function boundedMap(map: Readonly<Record<string, string>>, limits: MapLimits): Record<string, string> {
  const keys = Object.keys(map)
    .filter((key) => key.length > 0 && key !== '__proto__')
    .sort()
    .slice(0, limits.entries);
  return Object.fromEntries(keys.map((key) => [boundedIdentity(key, limits.keyLength), truncateText(map[key] ?? '', limits.valueLength)]));
}
