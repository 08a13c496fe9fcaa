import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { quoteIdentifier, schemaOf } from './migrations';
import { queryRows } from './typed-query';

const claimedRow = z.object({ event_id: z.string() });

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
      const inserted = await queryRows(
        manager,
        claimedRow,
        `INSERT INTO ${this.table} (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.id, event.topic],
      );
      if (inserted.length === 0) return { processed: false };
      return { processed: true, result: await work(manager) };
    });
  }

  /**
   * A batch in one transaction: `work` gets the events not processed before
   * (in batch order, each once) and commits with their ids. One commit for
   * the batch instead of one per event is what lets a consumer keep up with
   * a storm: each commit waits for the disk. Resolves to undefined, without
   * calling `work`, when every event was processed before.
   */
  async processBatchOnce<E extends { id: string }, T>(
    topic: string,
    events: readonly E[],
    work: (manager: EntityManager, fresh: E[]) => Promise<T>,
  ): Promise<T | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const fresh = await this.claim(manager, topic, events);
      return fresh.length === 0 ? undefined : work(manager, fresh);
    });
  }

  /**
   * The batch form, inside the caller's transaction: records the events' ids
   * and returns the events not processed before, in batch order. The caller
   * applies only those and commits its changes in the same transaction.
   *
   * An event can be in one batch twice: a publish that timed out reached
   * Kafka next to the sender's retry, both under the same id. Only its first
   * copy is returned.
   */
  async claim<E extends { id: string }>(manager: EntityManager, topic: string, events: readonly E[]): Promise<E[]> {
    if (events.length === 0) return [];
    const inserted = await queryRows(
      manager,
      claimedRow,
      `INSERT INTO ${this.table} (event_id, topic) SELECT id, $2 FROM unnest($1::uuid[]) AS id
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [events.map((event) => event.id), topic],
    );
    const fresh = new Set(inserted.map((row) => row.event_id));
    return events.filter((event) => fresh.delete(event.id));
  }
}
