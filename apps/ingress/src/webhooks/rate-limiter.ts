/**
 * Token buckets by key: bursts up to the per-minute limit, refilled
 * continuously. In memory per replica, on purpose: a limit exists to protect
 * this process and its senders from one noisy caller, not to meter a contract
 * exactly. At most `capacity` keys are kept (the least recently used go
 * first), so callers that rotate keys cannot grow it without bound; a bucket
 * forgotten that way comes back full, which only errs towards letting through.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private readonly capacity = 100_000) {}

  /** Takes a token; returns 0 when allowed, else the seconds until the next token (for `Retry-After`). */
  take(key: string, perMinute: number, now: number): number {
    const bucket = this.refilled(key, perMinute, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return secondsUntilToken(bucket.tokens, perMinute);
  }

  /**
   * Spends `tokens` whatever is left: the bucket may go into debt, down to
   * one minute's refill, so an expensive request is paid for by waiting longer.
   */
  charge(key: string, perMinute: number, now: number, tokens: number): void {
    const bucket = this.refilled(key, perMinute, now);
    bucket.tokens = Math.max(-perMinute, bucket.tokens - tokens);
  }

  /** Like `take` but spends nothing: 0 while a token is left, else the seconds until there is one. */
  wait(key: string, perMinute: number, now: number): number {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return 0;
    const tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * (perMinute / 60_000));
    return tokens >= 1 ? 0 : secondsUntilToken(tokens, perMinute);
  }

  private refilled(key: string, perMinute: number, now: number): { tokens: number; updatedAt: number } {
    const existing = this.buckets.get(key);
    const bucket = existing ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * (perMinute / 60_000));
    bucket.updatedAt = now;
    // Re-inserted at the end: Map order is the eviction order.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.capacity) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return bucket;
  }
}

function secondsUntilToken(tokens: number, perMinute: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / (perMinute / 60_000) / 1000));
}
