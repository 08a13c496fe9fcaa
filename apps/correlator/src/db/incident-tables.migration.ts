import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Incidents, the alerts grouped into them, and their timeline. */
export class IncidentTables1795400100000 implements MigrationInterface {
  readonly name = 'IncidentTables1795400100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE correlator.incidents (
        id uuid PRIMARY KEY,
        -- Creation order: the latest incident of a key, and the read API's keyset cursor.
        seq bigserial NOT NULL UNIQUE,
        correlation_key text NOT NULL,
        integration_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'open', 'acknowledged', 'resolved')),
        revision integer NOT NULL,
        title text NOT NULL,
        severity text NOT NULL,
        service text,
        tier text,
        team text,
        component text,
        opened_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        resolved_at timestamptz,
        resolution jsonb,
        last_seen_at timestamptz NOT NULL,
        alert_count integer NOT NULL,
        firing integer[] NOT NULL,
        flapping boolean NOT NULL,
        reopened_at timestamptz[] NOT NULL,
        resolve_due_at timestamptz,
        group_threshold integer NOT NULL,
        group_window_seconds integer NOT NULL,
        auto_resolve_after_seconds integer,
        test boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The invariant grouping rests on: at most one incident per key that new alerts can join.
    await runner.query(`CREATE UNIQUE INDEX incidents_one_active_per_key ON correlator.incidents (correlation_key) WHERE status <> 'resolved'`);
    await runner.query(`CREATE INDEX incidents_latest_of_key ON correlator.incidents (correlation_key, seq DESC)`);
    await runner.query(`CREATE INDEX incidents_by_status ON correlator.incidents (status, seq DESC)`);
    await runner.query(`CREATE INDEX incidents_by_service ON correlator.incidents (service, seq DESC)`);
    await runner.query(`CREATE INDEX incidents_held_resolves ON correlator.incidents (resolve_due_at) WHERE resolve_due_at IS NOT NULL`);
    await runner.query(`
      CREATE INDEX incidents_auto_resolvable ON correlator.incidents (last_seen_at)
      WHERE auto_resolve_after_seconds IS NOT NULL AND status IN ('open', 'acknowledged')`);
    await runner.query(`
      CREATE TABLE correlator.incident_alerts (
        incident_id uuid NOT NULL REFERENCES correlator.incidents (id) ON DELETE CASCADE,
        integration_id text NOT NULL,
        fingerprint text NOT NULL,
        status text NOT NULL CHECK (status IN ('firing', 'resolved')),
        severity text NOT NULL,
        alert_name text NOT NULL,
        summary text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        occurrences integer NOT NULL,
        PRIMARY KEY (incident_id, integration_id, fingerprint)
      )`);
    await runner.query(`
      CREATE TABLE correlator.incident_timeline (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES correlator.incidents (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        fingerprint text,
        detail jsonb
      )`);
    await runner.query(`CREATE INDEX incident_timeline_of_incident ON correlator.incident_timeline (incident_id, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE correlator.incident_timeline');
    await runner.query('DROP TABLE correlator.incident_alerts');
    await runner.query('DROP TABLE correlator.incidents');
  }
}
