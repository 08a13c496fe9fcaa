import type { EventOf, TopicDefinition } from '@hookline/contracts/events';
import { encodeEvent } from '@hookline/platform/kafka';
import type { EntityManager } from 'typeorm';
import { quoteIdentifier } from './migrations';

/**
 * Writes events to publish into the caller's transaction, so a state change
 * and the events announcing it commit (or roll back) together. Events are
 * validated and encoded here, at the moment they are decided, not later when
 * the relay sends them.
 */
export class Outbox {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdentifier(schema)}.outbox`;
  }

  async enqueue<T extends TopicDefinition>(manager: EntityManager, topic: T, events: readonly EventOf<T>[]): Promise<void> {
    if (events.length === 0) return;
    const columns = 5;
    const placeholders = events.map((_, row) => {
      const first = row * columns + 1;
      return `($${first}, $${first + 1}, $${first + 2}, $${first + 3}, $${first + 4})`;
    });
    const parameters = events.flatMap((event) => {
      const encoded = encodeEvent(topic, event);
      return [(event as { id: string }).id, topic.name, encoded.key, encoded.value, JSON.stringify(encoded.headers)];
    });
    await manager.query(
      `INSERT INTO ${this.table} (event_id, topic, message_key, payload, headers) VALUES ${placeholders.join(', ')}`,
      parameters,
    );
  }
}
