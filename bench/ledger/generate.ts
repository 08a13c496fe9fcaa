// The generated ledger: entries spread over the last `years` years and
// `services` services, their outage spans, maintenance windows, and the
// monthly pre-aggregate built with the ledger's own SQL functions. All in
// SQL (INSERT … SELECT over generate_series), because 10 million rows
// through Node would time the driver, not Postgres.
import type { Client } from 'pg';

export interface LedgerShape {
  entries: number;
  services: number;
  years: number;
  /** Incidents still open at the end (opened in the last six hours). */
  open: number;
}

/**
 * How the entries are spread, roughly like a real fleet: a few noisy
 * services raise most incidents (service number ~ 500 · u^1.5, u uniform), most
 * incidents are short (70 % about 5 min, 25 % about 45 min, 5 % about 6 h,
 * exponentially distributed), most are warnings and infos, 80 % are
 * acknowledged, 40 % have a ticket and 0.5 % are test incidents. Entries
 * carry the figures of one uninterrupted outage (no reopenings, no
 * maintenance), which is all the timed queries need.
 */
export async function generateEntries(db: Client, shape: LedgerShape): Promise<void> {
  await db.query(
    `INSERT INTO ledger.entries (
       incident_id, service, component, tier, team, title, severity, status, opened_at, acknowledged_at, acknowledged_by,
       resolved_at, resolution_reason, resolved_by, alert_count, reopen_count, ticket_id, ticket_system, ticket_ref, ticket_url,
       in_maintenance, duration_seconds, maintenance_seconds, weighted_downtime_seconds, time_to_acknowledge_seconds,
       time_to_resolve_seconds, cost_per_minute, downtime_cost, test, revision, updated_at)
     SELECT draw.id, 'svc-' || lpad(draw.service::text, 3, '0'), 'component-' || lpad(((draw.service + 1) / 2)::text, 3, '0'),
            'tier-' || (1 + draw.service % 3), 'team-' || lpad((draw.service % 40)::text, 2, '0'), 'svc-' || draw.service || ' alert ' || draw.n,
            shaped.severity, CASE WHEN shaped.open THEN 'open' ELSE 'resolved' END, shaped.opened_at,
            CASE WHEN draw.ack_draw < 0.8 THEN shaped.opened_at + make_interval(secs => least(draw.e2 * 240, shaped.seconds)) END,
            CASE WHEN draw.ack_draw < 0.8 THEN 'oncall-' || draw.n % 97 END,
            CASE WHEN NOT shaped.open THEN shaped.opened_at + make_interval(secs => shaped.seconds) END,
            CASE WHEN NOT shaped.open THEN 'alerts_resolved' END, NULL, 1 + draw.n % 7, 0,
            CASE WHEN draw.ticket_draw < 0.4 THEN 'tkt-' || draw.n END, CASE WHEN draw.ticket_draw < 0.4 THEN 'jira' END,
            CASE WHEN draw.ticket_draw < 0.4 THEN 'OPS-' || draw.n END, NULL, false,
            CASE WHEN NOT shaped.open THEN round(shaped.seconds::numeric, 3) END, CASE WHEN NOT shaped.open THEN 0 END,
            CASE WHEN NOT shaped.open THEN round((shaped.seconds * shaped.weight)::numeric, 3) END,
            CASE WHEN draw.ack_draw < 0.8 THEN round(least(draw.e2 * 240, shaped.seconds)::numeric, 3) END,
            CASE WHEN NOT shaped.open THEN round(shaped.seconds::numeric, 3) END,
            shaped.cost_per_minute,
            CASE WHEN NOT shaped.open THEN round((shaped.seconds / 60 * shaped.weight * shaped.cost_per_minute)::numeric, 2) END,
            draw.test_draw < 0.005, 2, now()
     FROM (
       SELECT n, gen_random_uuid()::text AS id, 1 + floor($2 * power(random(), 1.5))::int AS service,
              random() AS when_draw, random() AS kind_draw, random() AS severity_draw, random() AS ack_draw, random() AS ticket_draw,
              random() AS test_draw, -ln(1 - random()) AS e1, -ln(1 - random()) AS e2
       FROM generate_series(1, $1::int) AS n
     ) AS draw
     CROSS JOIN LATERAL (
       SELECT draw.n <= $4 AS open,
              date_trunc('milliseconds', CASE WHEN draw.n <= $4 THEN now() - draw.when_draw * interval '6 hours'
                                              ELSE now() - interval '1 day' - draw.when_draw * ($3::int * interval '365 days') END) AS opened_at,
              30 + draw.e1 * CASE WHEN draw.kind_draw < 0.7 THEN 300 WHEN draw.kind_draw < 0.95 THEN 2700 ELSE 21600 END AS seconds,
              CASE WHEN draw.severity_draw < 0.05 THEN 'critical' WHEN draw.severity_draw < 0.2 THEN 'error'
                   WHEN draw.severity_draw < 0.65 THEN 'warning' ELSE 'info' END AS severity,
              CASE WHEN draw.severity_draw < 0.05 THEN 1 WHEN draw.severity_draw < 0.2 THEN 0.5
                   WHEN draw.severity_draw < 0.65 THEN 0.25 ELSE 0 END AS weight,
              (5 + (draw.service * 37) % 500)::numeric AS cost_per_minute
     ) AS shaped
     -- In opening order, as the ledger receives them: the table's physical order then follows opened_at, as in production.
     ORDER BY shaped.opened_at`,
    [shape.entries, shape.services, shape.years, shape.open],
  );
}

/** One span per entry, cut at month boundaries with the ledger's own `cut_by_month`. */
export async function generateSpans(db: Client): Promise<void> {
  await db.query(
    `INSERT INTO ledger.outage_spans (incident_id, revision, month, service, component, starts_at, ends_at, severity, weight, cost_per_minute, test)
     SELECT entry.incident_id, entry.revision, cut.month, entry.service, entry.component, cut.piece_start, cut.piece_end, entry.severity,
            CASE entry.severity WHEN 'critical' THEN 1 WHEN 'error' THEN 0.5 WHEN 'warning' THEN 0.25 ELSE 0 END,
            entry.cost_per_minute, entry.test
     FROM ledger.entries AS entry CROSS JOIN LATERAL ledger.cut_by_month(entry.opened_at, entry.resolved_at) AS cut`,
  );
}

/** A two-hour window per component and month (Sunday-night-ish), 2 % of them cancelled. */
export async function generateMaintenance(db: Client, shape: LedgerShape): Promise<void> {
  await db.query(
    `INSERT INTO ledger.maintenance_windows (maintenance_id, revision, title, components, starts_at, ends_at, cancelled)
     SELECT 'mnt-' || component || '-' || to_char(month, 'YYYY-MM'), 1, 'Monthly patching',
            ARRAY['component-' || lpad(component::text, 3, '0')],
            month + interval '6 days 2 hours' + (component % 24) * interval '1 hour',
            month + interval '6 days 4 hours' + (component % 24) * interval '1 hour',
            random() < 0.02
     FROM generate_series(1, ($1::int + 1) / 2) AS component
     CROSS JOIN generate_series(date_trunc('month', now() - $2::int * interval '365 days'), now(), interval '1 month') AS month`,
    [shape.services, shape.years],
  );
}

/** The months to pre-aggregate: every (service, month) with a span, one month per call so a call stays small. */
export async function buildServiceMonths(db: Client, onMonth: (month: string, milliseconds: number) => void): Promise<void> {
  const months = (await db.query<{ month: string }>(`SELECT DISTINCT to_char(month, 'YYYY-MM-DD') AS month FROM ledger.outage_spans ORDER BY 1`)).rows;
  for (const { month } of months) {
    const started = performance.now();
    await db.query(
      `SELECT ledger.refresh_service_months(array_agg(service), array_agg(month))
       FROM (SELECT DISTINCT service, month FROM ledger.outage_spans WHERE month = $1::date AND service IS NOT NULL AND NOT test) AS pair`,
      [month],
    );
    onMonth(month, performance.now() - started);
  }
}

interface IndexDefinition {
  drop: string;
  create: string;
}

/**
 * Drops the secondary indexes and primary keys of `tables` and returns how
 * to put exactly those back (read from the catalog, so the benchmark always
 * measures the indexes the migrations create): a bulk load then builds each
 * index once instead of maintaining it row by row.
 */
export async function dropIndexes(db: Client, tables: readonly string[]): Promise<() => Promise<void>> {
  const constraints = await db.query<IndexDefinition>(
    `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) AS drop,
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS create
     FROM pg_constraint WHERE contype = 'p' AND conrelid = ANY($1::regclass[])`,
    [tables],
  );
  const indexes = await db.query<IndexDefinition>(
    `SELECT format('DROP INDEX %s', indexrelid::regclass) AS drop, pg_get_indexdef(indexrelid) AS create
     FROM pg_index WHERE indrelid = ANY($1::regclass[]) AND NOT indisprimary`,
    [tables],
  );
  const all = [...constraints.rows, ...indexes.rows];
  for (const index of all) await db.query(index.drop);
  return async () => {
    for (const index of all) await db.query(index.create);
  };
}

/** The whole load, step by step; returns how long each step took, in seconds. */
export async function loadLedger(db: Client, shape: LedgerShape, say: (message: string) => void): Promise<Record<string, number>> {
  const load: Record<string, number> = {};
  const step = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    load[name] = (performance.now() - started) / 1000;
    say(`${name}: ${load[name]?.toFixed(1)} s`);
  };
  await db.query(`SET maintenance_work_mem = '1GB'`);
  await db.query(`SET work_mem = '256MB'`);
  await db.query('SET synchronous_commit = off');
  const restoreIndexes = await dropIndexes(db, ['ledger.entries', 'ledger.outage_spans']);
  say(`generating ${shape.entries.toLocaleString('en')} entries over ${shape.years} years and ${shape.services} services…`);
  await step('entries', () => generateEntries(db, shape));
  await step('outage spans', () => generateSpans(db));
  await step('maintenance windows', () => generateMaintenance(db, shape));
  await step('indexes', restoreIndexes);
  await step('vacuum analyze', () => db.query('VACUUM ANALYZE ledger.entries, ledger.outage_spans, ledger.maintenance_windows'));
  await step('pre-aggregate (service_months)', () =>
    buildServiceMonths(db, (month, milliseconds) => {
      if (month.endsWith('-01-01')) say(`  ${month.slice(0, 7)} done (${(milliseconds / 1000).toFixed(1)} s for that month)`);
    }),
  );
  await db.query('VACUUM ANALYZE ledger.service_months');
  await db.query('RESET ALL');
  return load;
}
