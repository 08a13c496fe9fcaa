import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * Constant-time equality of two digests. Their lengths are public (a SHA-256 digest is always
 * 32 bytes), so only the equal-length case needs `timingSafeEqual`, which throws otherwise.
 */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether any candidate equals `expected`; every candidate is compared, whichever matched. */
export function anyDigestEquals(expected: Buffer, candidates: readonly Buffer[]): boolean {
  let matched = false;
  for (const candidate of candidates) {
    matched = digestsEqual(expected, candidate) || matched;
  }
  return matched;
}
