import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdentifier } from './migrations';

// SQL for an app's first migration, kept beside the classes that use the
// tables so every consumer gets exactly the columns `Inbox` and `Outbox` expect.

export interface MigrationSql {
  up: string[];
  down: string[];
}

/** Event ids a consumer has processed (see `Inbox`). */
export function inboxTable(schema: string): MigrationSql {
  const table = `${quoteIdentifier(schema)}.inbox`;
  return {
    up: [
      `CREATE TABLE ${table} (
        event_id uuid PRIMARY KEY,
        topic text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
    down: [`DROP TABLE ${table}`],
  };
}

/** Events committed with a state change, waiting for the relay (see `Outbox`, `OutboxRelay`). */
export function outboxTable(schema: string): MigrationSql {
  const table = `${quoteIdentifier(schema)}.outbox`;
  return {
    up: [
      `CREATE TABLE ${table} (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
    down: [`DROP TABLE ${table}`],
  };
}

type MigrationClass = new () => MigrationInterface;

/**
 * The first migration of a consumer app: its inbox, and its outbox when it
 * publishes. `timestamp` orders it among the app's migrations, as TypeORM
 * reads it from the migration name.
 */
export function messagingTablesMigration(options: { schema: string; outbox: boolean; timestamp: number }): MigrationClass {
  const statements = [inboxTable(options.schema), ...(options.outbox ? [outboxTable(options.schema)] : [])];
  return class MessagingTablesMigration implements MigrationInterface {
    readonly name = `MessagingTables${options.timestamp}`;

    async up(runner: QueryRunner): Promise<void> {
      for (const sql of statements.flatMap((table) => table.up)) await runner.query(sql);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const sql of statements.flatMap((table) => table.down).reverse()) await runner.query(sql);
    }
  };
}
