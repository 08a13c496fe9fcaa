import type { DeliveryEvent } from '@hookline/contracts/events';

/**
 * Delivery records that could not be published, waiting to be written to the
 * log another way. Bounded: during a long outage of both Kafka and Postgres a
 * flood of refusals must not grow the ingress's memory without end, so once
 * full it drops the newest record and counts it (`offer` returns false).
 */
export class DeliverySpool {
  private records: DeliveryEvent[] = [];

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.records.length;
  }

  /** False when the spool is full and the record was dropped. */
  offer(record: DeliveryEvent): boolean {
    if (this.records.length >= this.capacity) return false;
    this.records.push(record);
    return true;
  }

  /** Takes up to `max` of the oldest records; hand them back with `putBack` if they could not be written. */
  take(max: number): DeliveryEvent[] {
    return this.records.splice(0, max);
  }

  /** Returns records a failed write took, ahead of those spooled since, as far as capacity allows; the number dropped. */
  putBack(records: readonly DeliveryEvent[]): number {
    const room = Math.max(0, this.capacity - this.records.length);
    this.records = [...records.slice(0, room), ...this.records];
    return records.length - Math.min(room, records.length);
  }
}
