/**
 * Delivery ids seen recently, to answer a retried or doubly sent delivery
 * with 200 `duplicate` instead of publishing it again. Per process and
 * bounded: the correlator's dedupe stays the authority, so replicas need no
 * shared cache and a miss only costs a harmless republish.
 */
export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity = 200_000,
  ) {}

  has(key: string, now: number): boolean {
    const expiresAt = this.seen.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > now) return true;
    this.seen.delete(key);
    return false;
  }

  /** Called only after the delivery was published, so a failed attempt can be retried. */
  remember(key: string, now: number): void {
    this.seen.delete(key); // re-insert at the end: Map order is the eviction order
    this.seen.set(key, now + this.windowMs);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
