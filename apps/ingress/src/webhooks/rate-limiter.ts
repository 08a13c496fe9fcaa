/**
 * A token bucket per integration: bursts up to the per-minute limit, refilled
 * continuously. In memory per replica, on purpose: a limit exists to protect
 * this process from one noisy sender, not to meter a contract exactly.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  /** Takes a token; returns 0 when allowed, else the seconds until the next token (for `Retry-After`). */
  take(key: string, perMinute: number, now: number): number {
    const refillPerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
  }
}
