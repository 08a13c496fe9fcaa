import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Components as first seen, public incidents with their updates, and maintenance windows. */
export class StatusPageTables1795400100000 implements MigrationInterface {
  readonly name = 'StatusPageTables1795400100000';

  async up(runner: QueryRunner): Promise<void> {
    // The catalog defines components; this only remembers since when the page has shown each (Statuspage's created_at, the uptime bars' start).
    await runner.query(`
      CREATE TABLE statuspage.components (
        id text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE statuspage.incidents (
        id uuid PRIMARY KEY,
        origin text NOT NULL CHECK (origin IN ('automatic', 'manual')),
        source_incident_id uuid UNIQUE,
        source_revision integer,
        source_status text,
        -- A title a person chose; otherwise the catalog's public title is shown.
        name text,
        components text[] NOT NULL,
        service text,
        severity text,
        tier text,
        impact_override jsonb,
        status text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
        status_set_by text NOT NULL CHECK (status_set_by IN ('automatic', 'person')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        monitoring_at timestamptz,
        resolved_at timestamptz,
        -- The publish delay counts from here; NULL while the incident has had no public impact. See public/visibility.ts.
        impact_since timestamptz,
        person_posted_at timestamptz
      )`);
    await runner.query('CREATE INDEX incidents_by_creation ON statuspage.incidents (created_at DESC) WHERE impact_since IS NOT NULL');
    await runner.query(`CREATE INDEX incidents_unresolved ON statuspage.incidents (created_at) WHERE status <> 'resolved'`);
    await runner.query(`
      CREATE TABLE statuspage.incident_updates (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES statuspage.incidents (id) ON DELETE CASCADE,
        -- Insertion order, for updates that share a timestamp.
        seq bigserial NOT NULL,
        status text NOT NULL,
        -- A person's words, or the kind of an automatic update (worded when rendered).
        body text,
        kind text CHECK (kind IN ('opened', 'reopened', 'resolved', 'impact')),
        at timestamptz NOT NULL,
        created_by text NOT NULL CHECK (created_by IN ('automatic', 'person')),
        impact jsonb,
        CHECK ((body IS NULL) <> (kind IS NULL))
      )`);
    await runner.query('CREATE INDEX incident_updates_of_incident ON statuspage.incident_updates (incident_id, at, seq)');
    await runner.query(`
      CREATE TABLE statuspage.maintenances (
        id uuid PRIMARY KEY,
        revision integer NOT NULL,
        title text NOT NULL,
        description text,
        components text[] NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        cancelled boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at)
      )`);
    await runner.query('CREATE INDEX maintenances_by_end ON statuspage.maintenances (ends_at) WHERE NOT cancelled');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE statuspage.maintenances');
    await runner.query('DROP TABLE statuspage.incident_updates');
    await runner.query('DROP TABLE statuspage.incidents');
    await runner.query('DROP TABLE statuspage.components');
  }
}
