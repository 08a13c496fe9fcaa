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
}
