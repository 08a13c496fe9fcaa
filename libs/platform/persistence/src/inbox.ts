import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdentifier, schemaOf } from './migrations';

export type ProcessOnceResult<T> = { processed: true; result: T } | { processed: false };

/**
 * Exactly-once effects on top of at-least-once delivery: the event id is
 * inserted in the same transaction as the handler's state change. A
 * redelivered event conflicts on the id and the work is skipped; a
 * concurrent duplicate blocks on the first one's row until it commits.
 */
export class Inbox {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = `${quoteIdentifier(schemaOf(dataSource))}.inbox`;
  }

  async processOnce<T>(
    event: { id: string; topic: string },
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<ProcessOnceResult<T>> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${this.table} (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.id, event.topic],
      );
      if (inserted.length === 0) return { processed: false };
      return { processed: true, result: await work(manager) };
    });
  }

  /**
   * The batch form, inside the caller's transaction: records the event ids
   * and returns those not processed before. The caller applies only those
   * and commits its changes in the same transaction.
   */
  async claim(manager: EntityManager, topic: string, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const inserted: { event_id: string }[] = await manager.query(
      `INSERT INTO ${this.table} (event_id, topic) SELECT id, $2 FROM unnest($1::uuid[]) AS id
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [eventIds, topic],
    );
    return new Set(inserted.map((row) => row.event_id));
  }
}
