import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's tables. `entry_history` is the source of truth (every incident
 * and ticket event applied, append-only); `entries` and `outage_spans` are
 * derived from it by `ledger.rebuild_entries`; `service_months` is the
 * pre-aggregate behind the SLA and cost views.
 */
export class LedgerTables1795400200000 implements MigrationInterface {
  readonly name = 'LedgerTables1795400200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ledger.entry_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- The event's envelope id: a replayed event conflicts here and changes nothing.
        source_event_id uuid NOT NULL UNIQUE,
        source text NOT NULL CHECK (source IN ('incident', 'ticket')),
        change_type text NOT NULL,
        incident_id text NOT NULL,
        -- Of the incident (source 'incident') or of the ticket (source 'ticket').
        revision integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        status text,
        severity text,
        title text,
        service text,
        tier text,
        team text,
        component text,
        opened_at timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by text,
        resolved_at timestamptz,
        resolution_reason text,
        resolved_by text,
        alert_count integer,
        flapping boolean,
        test boolean,
        -- The catalog's figures when the change was recorded, so a later catalog edit does not rewrite past costs.
        cost_per_minute numeric,
        severity_weight numeric,
        ticket_id text,
        ticket_status text,
        ticket_priority text,
        ticket_system text,
        ticket_external_id text,
        ticket_url text,
        CHECK (source <> 'incident' OR (status IS NOT NULL AND severity IS NOT NULL AND title IS NOT NULL AND opened_at IS NOT NULL
          AND alert_count IS NOT NULL AND test IS NOT NULL AND severity_weight IS NOT NULL)),
        CHECK (source <> 'ticket' OR ticket_id IS NOT NULL)
      )`);
    await runner.query('CREATE INDEX entry_history_of_incident ON ledger.entry_history (incident_id, source, revision)');
    // Append-only: corrections arrive as new events, never as edits of old ones.
    await runner.query(`
      CREATE FUNCTION ledger.refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger.entry_history is append-only (% refused)', TG_OP;
      END $$`);
    await runner.query(`
      CREATE TRIGGER entry_history_append_only BEFORE UPDATE OR DELETE ON ledger.entry_history
      FOR EACH ROW EXECUTE FUNCTION ledger.refuse_history_rewrite()`);
    await runner.query(`
      CREATE TRIGGER entry_history_no_truncate BEFORE TRUNCATE ON ledger.entry_history
      FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_history_rewrite()`);

    await runner.query(`
      CREATE TABLE ledger.entries (
        incident_id text PRIMARY KEY,
        service text,
        component text,
        tier text,
        team text,
        title text NOT NULL,
        severity text NOT NULL,
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        resolved_at timestamptz,
        resolution_reason text,
        resolved_by text,
        alert_count integer NOT NULL,
        reopen_count integer NOT NULL,
        ticket_id text,
        ticket_system text,
        ticket_ref text,
        ticket_url text,
        in_maintenance boolean NOT NULL,
        duration_seconds numeric,
        maintenance_seconds numeric,
        weighted_downtime_seconds numeric,
        time_to_acknowledge_seconds numeric,
        time_to_resolve_seconds numeric,
        cost_per_minute numeric,
        downtime_cost numeric,
        test boolean NOT NULL,
        revision integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // Keyset pagination, newest first: `(opened_at, incident_id) < cursor`, never OFFSET.
    await runner.query('CREATE INDEX entries_newest_first ON ledger.entries (opened_at DESC, incident_id DESC)');
    await runner.query('CREATE INDEX entries_of_service ON ledger.entries (service, opened_at DESC, incident_id DESC)');
    await runner.query('CREATE INDEX entries_of_team ON ledger.entries (team, opened_at)');

    await runner.query(`
      CREATE TABLE ledger.outage_spans (
        incident_id text NOT NULL,
        -- The incident revision whose state the span is in.
        revision integer NOT NULL,
        -- Spans are cut at UTC month boundaries, so a month's figures read only its own rows.
        month date NOT NULL,
        service text,
        component text,
        starts_at timestamptz NOT NULL,
        -- NULL: the incident is still open; such a span is never cut and counts up to now.
        ends_at timestamptz,
        severity text NOT NULL,
        weight numeric NOT NULL,
        cost_per_minute numeric,
        test boolean NOT NULL,
        PRIMARY KEY (incident_id, revision, month),
        CHECK (ends_at IS NULL OR ends_at > starts_at)
      )`);
    await runner.query('CREATE INDEX outage_spans_of_service_month ON ledger.outage_spans (service, month)');
    await runner.query('CREATE INDEX outage_spans_still_open ON ledger.outage_spans (service, month) WHERE ends_at IS NULL');
    await runner.query('CREATE INDEX outage_spans_of_component ON ledger.outage_spans (component, starts_at)');

    await runner.query(`
      CREATE TABLE ledger.maintenance_windows (
        maintenance_id text PRIMARY KEY,
        revision integer NOT NULL,
        title text NOT NULL,
        components text[] NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        cancelled boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX maintenance_windows_of_component ON ledger.maintenance_windows USING gin (components)');

    await runner.query(`
      CREATE TABLE ledger.service_months (
        month date NOT NULL,
        service text NOT NULL,
        incidents integer NOT NULL,
        down_seconds numeric NOT NULL,
        weighted_down_seconds numeric NOT NULL,
        -- The service's maintenance within the month; the views clip it to "now" for the month in progress.
        maintenance tstzmultirange NOT NULL,
        maintenance_seconds numeric NOT NULL,
        cost_per_minute numeric,
        refreshed_at timestamptz NOT NULL,
        PRIMARY KEY (month, service)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['service_months', 'maintenance_windows', 'outage_spans', 'entries', 'entry_history']) {
      await runner.query(`DROP TABLE ledger.${table}`);
    }
    await runner.query('DROP FUNCTION ledger.refuse_history_rewrite()');
  }
}
