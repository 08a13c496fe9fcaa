import { quoteIdentifier } from '@hookline/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

/**
 * `<schema>.dead_letters`: the index of a consumer app's dead letters (see
 * DeadLetterIndex). Every consumer app lists it in its database definition;
 * `timestamp` orders it among the app's migrations.
 */
export function deadLettersMigration(options: { schema: string; timestamp: number }): MigrationClass {
  const schema = quoteIdentifier(options.schema);
  const table = `${schema}.dead_letters`;
  return class DeadLettersTableMigration implements MigrationInterface {
    readonly name = `DeadLettersTable${options.timestamp}`;

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE ${table} (
        id bigserial PRIMARY KEY,
        consumer_group text NOT NULL,
        -- Its place in dlq.<group>, which the index is rebuilt from: re-reading it adds nothing.
        dlq_partition integer NOT NULL,
        dlq_offset bigint NOT NULL,
        event_id text,
        event_type text,
        original_topic text,
        original_partition integer,
        original_offset bigint,
        -- bytea: a replay sends exactly the bytes that arrived, even ones that are not text.
        message_key bytea,
        payload bytea,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        error text NOT NULL,
        attempts integer,
        dead_lettered_at timestamptz NOT NULL,
        replay_of bigint,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'replayed', 'discarded')),
        replayed_at timestamptz,
        replayed_by text,
        discarded_at timestamptz,
        discarded_by text,
        discard_reason text,
        indexed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (consumer_group, dlq_partition, dlq_offset)
      )`);
      await runner.query(`CREATE INDEX dead_letters_state_id ON ${table} (state, id DESC)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${table}`);
    }
  };
}
