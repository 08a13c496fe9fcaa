import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ticketingTables } from './tables';

type MigrationClass = new () => MigrationInterface;

/**
 * Tickets, their comments, the durable queue of work for external ticket
 * systems, and each connector's circuit breaker. A factory over the schema
 * so specs can create the same tables in a schema of their own.
 */
export function ticketTablesMigration(schema: string, timestamp = 1795400100000): MigrationClass {
  const t = ticketingTables(schema);
  return class TicketTablesMigration implements MigrationInterface {
    readonly name = `TicketTables${timestamp}`;

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE ${t.tickets} (
          id uuid PRIMARY KEY,
          -- Creation order: the read API's keyset cursor.
          seq bigserial NOT NULL UNIQUE,
          -- The guarantee itself: one ticket per incident, whatever the redeliveries, crashes and replicas.
          incident_id text NOT NULL UNIQUE,
          incident_revision integer NOT NULL,
          incident_status text NOT NULL,
          revision integer NOT NULL,
          title text NOT NULL,
          priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4', 'P5')),
          status text NOT NULL CHECK (status IN ('open', 'closed')),
          team text,
          queue text,
          assignee text,
          service text,
          tier text,
          severity text NOT NULL,
          alert_count integer NOT NULL,
          flapping boolean NOT NULL,
          acknowledged_by text,
          acknowledged_at timestamptz,
          resolution_note text,
          closed_reason text CHECK (closed_reason IN ('incident_resolved', 'manual', 'external')),
          closed_by text,
          -- A person closed it as "won't fix": an incident that reopens leaves it closed.
          wont_fix boolean NOT NULL DEFAULT false,
          external_system text,
          external_id text,
          external_url text,
          opened_at timestamptz NOT NULL,
          closed_at timestamptz,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
      await runner.query(`CREATE INDEX tickets_by_status ON ${t.tickets} (status, seq DESC)`);
      await runner.query(`CREATE INDEX tickets_by_team ON ${t.tickets} (team, seq DESC)`);
      await runner.query(`
        CREATE TABLE ${t.comments} (
          id bigserial PRIMARY KEY,
          ticket_id uuid NOT NULL REFERENCES ${t.tickets} (id) ON DELETE CASCADE,
          at timestamptz NOT NULL,
          -- 'hookline' for what the pipeline wrote, otherwise the person.
          author text NOT NULL,
          body text NOT NULL
        )`);
      await runner.query(`CREATE INDEX ticket_comments_of_ticket ON ${t.comments} (ticket_id, id)`);
      await runner.query(`
        CREATE TABLE ${t.syncJobs} (
          id bigserial PRIMARY KEY,
          ticket_id uuid NOT NULL REFERENCES ${t.tickets} (id) ON DELETE CASCADE,
          -- The team whose connector carries the job; one circuit breaker per connector.
          connector text NOT NULL,
          action text NOT NULL CHECK (action IN ('create', 'update', 'comment', 'close', 'reopen')),
          -- Derived from the change that made the job: enqueueing it twice is a no-op, and it is what the external system sees.
          idempotency_key text NOT NULL UNIQUE,
          payload jsonb NOT NULL,
          state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
          attempts integer NOT NULL DEFAULT 0,
          next_attempt_at timestamptz NOT NULL,
          -- A worker holds the job until then; a worker that died mid-call lets it go when the lease runs out.
          leased_until timestamptz,
          last_error text,
          last_status integer,
          created_at timestamptz NOT NULL DEFAULT now(),
          finished_at timestamptz
        )`);
      await runner.query(`CREATE INDEX sync_jobs_due ON ${t.syncJobs} (connector, next_attempt_at) WHERE state = 'pending'`);
      await runner.query(`CREATE INDEX sync_jobs_pending_of_ticket ON ${t.syncJobs} (ticket_id, id) WHERE state = 'pending'`);
      await runner.query(`CREATE INDEX sync_jobs_of_ticket ON ${t.syncJobs} (ticket_id, id)`);
      await runner.query(`CREATE INDEX sync_jobs_by_state ON ${t.syncJobs} (state, id DESC)`);
      await runner.query(`
        CREATE TABLE ${t.breakers} (
          connector text PRIMARY KEY,
          consecutive_failures integer NOT NULL DEFAULT 0,
          -- Set while open: no call goes out before it; then one probe decides.
          open_until timestamptz,
          opened_at timestamptz,
          last_error text,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${t.breakers}`);
      await runner.query(`DROP TABLE ${t.syncJobs}`);
      await runner.query(`DROP TABLE ${t.comments}`);
      await runner.query(`DROP TABLE ${t.tickets}`);
    }
  };
}
