import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's arithmetic, as SQL functions in the `ledger` schema: the app
 * calls them after every batch, the views call them for months still in
 * progress, and the benchmark builds its pre-aggregate with the very same
 * code. Months are UTC calendar months throughout.
 *
 * Downtime is interval arithmetic on `tstzmultirange`: overlapping incidents
 * of a service are a union (counted once), maintenance is subtracted, and
 * partial outages are weighted by severity level: with weights w1 > w2 > …,
 * weighted downtime = Σ (w_k − w_(k+1)) × |union of spans with weight ≥ w_k|,
 * i.e. every instant counts at the highest weight of the incidents open then.
 */
export class LedgerDerivations1795400300000 implements MigrationInterface {
  readonly name = 'LedgerDerivations1795400300000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of derivationFunctions) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const signature of [
      'rebuild_entries(text[])',
      'refresh_service_months(text[], date[])',
      'service_month_figures(text[], date[], timestamptz)',
      'months_covered(date, timestamptz)',
      'cut_by_month(timestamptz, timestamptz)',
      'maintenance_of(text, tstzrange)',
      'severity_rank(text)',
      'seconds(tstzmultirange)',
      'month_range(date)',
      'month_start(date)',
      'month_of(timestamptz)',
    ]) {
      await runner.query(`DROP FUNCTION ledger.${signature}`);
    }
  }
}

export const derivationFunctions = [
  `CREATE FUNCTION ledger.month_of(at timestamptz) RETURNS date
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     RETURN date_trunc('month', at AT TIME ZONE 'UTC')::date`,

  `CREATE FUNCTION ledger.month_start(month date) RETURNS timestamptz
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     RETURN month::timestamp AT TIME ZONE 'UTC'`,

  `CREATE FUNCTION ledger.month_range(month date) RETURNS tstzrange
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     RETURN tstzrange(ledger.month_start(month), ledger.month_start((month + interval '1 month')::date))`,

  `CREATE FUNCTION ledger.seconds(spans tstzmultirange) RETURNS numeric
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     BEGIN ATOMIC
       SELECT coalesce(sum(extract(epoch FROM upper(span)) - extract(epoch FROM lower(span))), 0) FROM unnest(spans) AS span;
     END`,

  `CREATE FUNCTION ledger.severity_rank(severity text) RETURNS integer
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     RETURN CASE severity WHEN 'critical' THEN 4 WHEN 'error' THEN 3 WHEN 'warning' THEN 2 WHEN 'info' THEN 1 ELSE 0 END`,

  // The planned maintenance of a component within a time range (cancelled windows do not count).
  `CREATE FUNCTION ledger.maintenance_of(component text, during tstzrange) RETURNS tstzmultirange
     LANGUAGE sql STABLE PARALLEL SAFE
     BEGIN ATOMIC
       SELECT coalesce(range_agg(tstzrange(window_.starts_at, window_.ends_at) * during), '{}')
       FROM ledger.maintenance_windows AS window_
       WHERE NOT window_.cancelled AND window_.components @> ARRAY[component]
         AND window_.ends_at > window_.starts_at AND window_.starts_at < upper(during) AND window_.ends_at > lower(during);
     END`,

  // A span cut at UTC month boundaries; a still-open span (no end) is one piece, in the month it started.
  `CREATE FUNCTION ledger.cut_by_month(span_start timestamptz, span_end timestamptz)
     RETURNS TABLE (month date, piece_start timestamptz, piece_end timestamptz)
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     BEGIN ATOMIC
       SELECT cut::date, greatest(span_start, ledger.month_start(cut::date)),
              CASE WHEN span_end IS NOT NULL THEN least(span_end, upper(ledger.month_range(cut::date))) END
       FROM generate_series(ledger.month_of(span_start)::timestamp,
                            ledger.month_of(coalesce(span_end - interval '1 microsecond', span_start))::timestamp,
                            interval '1 month') AS cut;
     END`,

  // The months a span row counts in: its own, and for a still-open span every month since, up to now.
  `CREATE FUNCTION ledger.months_covered(month date, ends_at timestamptz) RETURNS SETOF date
     LANGUAGE sql STABLE PARALLEL SAFE
     BEGIN ATOMIC
       SELECT covered::date FROM generate_series(
         month::timestamp,
         (CASE WHEN ends_at IS NULL THEN greatest(month, ledger.month_of(now())) ELSE month END)::timestamp,
         interval '1 month') AS covered;
     END`,

  // Downtime of each (service, month) pair, with still-open incidents counted up to as_of.
  `CREATE FUNCTION ledger.service_month_figures(services text[], months date[], as_of timestamptz)
     RETURNS TABLE (service text, month date, incidents integer, down_seconds numeric, weighted_down_seconds numeric,
                    maintenance tstzmultirange, maintenance_seconds numeric, cost_per_minute numeric)
     LANGUAGE sql STABLE
     BEGIN ATOMIC
       WITH pairs AS (
         SELECT DISTINCT pair.service, pair.month, ledger.month_range(pair.month) AS period
         FROM unnest(services, months) AS pair (service, month)
         WHERE pair.service IS NOT NULL AND pair.month IS NOT NULL
       ),
       spans AS (
         SELECT pairs.service, pairs.month, pairs.period, span.incident_id, span.component, span.weight, span.cost_per_minute, span.starts_at,
                tstzrange(span.starts_at, greatest(span.starts_at, coalesce(span.ends_at, as_of))) * pairs.period AS open_span
         FROM pairs JOIN ledger.outage_spans AS span ON span.service = pairs.service AND span.month = pairs.month AND NOT span.test
         UNION ALL
         SELECT pairs.service, pairs.month, pairs.period, span.incident_id, span.component, span.weight, span.cost_per_minute, span.starts_at,
                tstzrange(span.starts_at, greatest(span.starts_at, as_of)) * pairs.period
         FROM pairs JOIN ledger.outage_spans AS span
           ON span.service = pairs.service AND span.month < pairs.month AND span.ends_at IS NULL AND NOT span.test
       ),
       windows AS (
         SELECT used.service, used.month, used.component, ledger.maintenance_of(used.component, used.period) AS maintenance
         FROM (SELECT DISTINCT spans.service, spans.month, spans.component, spans.period FROM spans WHERE spans.component IS NOT NULL) AS used
       ),
       net AS (
         SELECT spans.service, spans.month, spans.incident_id, spans.weight, spans.cost_per_minute, spans.starts_at,
                tstzmultirange(spans.open_span) - coalesce(windows.maintenance, '{}') AS down
         FROM spans LEFT JOIN windows
           ON windows.service = spans.service AND windows.month = spans.month AND windows.component = spans.component
         WHERE NOT isempty(spans.open_span)
       ),
       levels AS (
         SELECT distinct_weights.service, distinct_weights.month, distinct_weights.weight,
                lead(distinct_weights.weight, 1, 0::numeric) OVER (PARTITION BY distinct_weights.service, distinct_weights.month ORDER BY distinct_weights.weight DESC) AS next_weight
         FROM (SELECT DISTINCT net.service, net.month, net.weight FROM net WHERE net.weight > 0) AS distinct_weights
       ),
       weighted AS (
         SELECT level_union.service, level_union.month, sum((level_union.weight - level_union.next_weight) * ledger.seconds(level_union.down)) AS weighted_down_seconds
         FROM (
           SELECT levels.service, levels.month, levels.weight, levels.next_weight, range_agg(net.down) AS down
           FROM levels JOIN net ON net.service = levels.service AND net.month = levels.month AND net.weight >= levels.weight
           GROUP BY levels.service, levels.month, levels.weight, levels.next_weight
         ) AS level_union
         GROUP BY level_union.service, level_union.month
       ),
       totals AS (
         SELECT net.service, net.month, count(DISTINCT net.incident_id)::integer AS incidents,
                ledger.seconds(range_agg(net.down)) AS down_seconds,
                (array_agg(net.cost_per_minute ORDER BY net.starts_at DESC))[1] AS cost_per_minute
         FROM net GROUP BY net.service, net.month
       ),
       maintenance AS (
         SELECT windows.service, windows.month, range_agg(windows.maintenance) AS maintenance FROM windows GROUP BY windows.service, windows.month
       )
       SELECT totals.service, totals.month, totals.incidents, totals.down_seconds, coalesce(weighted.weighted_down_seconds, 0),
              coalesce(maintenance.maintenance, '{}'), ledger.seconds(coalesce(maintenance.maintenance, '{}')), totals.cost_per_minute
       FROM totals
       LEFT JOIN weighted ON weighted.service = totals.service AND weighted.month = totals.month
       LEFT JOIN maintenance ON maintenance.service = totals.service AND maintenance.month = totals.month;
     END`,

  // Recomputes the pre-aggregate of the given (service, month) pairs; a pair left without spans loses its row.
  `CREATE FUNCTION ledger.refresh_service_months(services text[], months date[]) RETURNS void
     LANGUAGE sql
     BEGIN ATOMIC
       DELETE FROM ledger.service_months AS stored
       USING unnest(services, months) AS pair (service, month)
       WHERE stored.service = pair.service AND stored.month = pair.month;
       INSERT INTO ledger.service_months (month, service, incidents, down_seconds, weighted_down_seconds, maintenance, maintenance_seconds,
                                          cost_per_minute, refreshed_at)
       SELECT figures.month, figures.service, figures.incidents, figures.down_seconds, figures.weighted_down_seconds, figures.maintenance,
              figures.maintenance_seconds, figures.cost_per_minute, now()
       FROM ledger.service_month_figures(services, months, now()) AS figures;
     END`,

  /*
   * Derives the entries of the given incidents from their history, and
   * everything that depends on them: their outage spans and the
   * pre-aggregated months those spans touch (before and after). Calling it
   * twice gives the same result; callers serialise calls (one advisory lock).
   */
  `CREATE FUNCTION ledger.rebuild_entries(incident_ids text[]) RETURNS void
     LANGUAGE plpgsql AS $$
     DECLARE
       touched_services text[];
       touched_months date[];
       now_services text[];
       now_months date[];
     BEGIN
       SELECT array_agg(pair.service), array_agg(pair.month) INTO touched_services, touched_months
       FROM (SELECT DISTINCT span.service, covered AS month
             FROM ledger.outage_spans AS span CROSS JOIN LATERAL ledger.months_covered(span.month, span.ends_at) AS covered
             WHERE span.incident_id = ANY(incident_ids) AND span.service IS NOT NULL) AS pair;

       DELETE FROM ledger.outage_spans WHERE incident_id = ANY(incident_ids);

       INSERT INTO ledger.outage_spans (incident_id, revision, month, service, component, starts_at, ends_at, severity, weight, cost_per_minute, test)
       WITH ordered AS (
         SELECT DISTINCT ON (change.incident_id, change.revision) change.*
         FROM ledger.entry_history AS change
         WHERE change.source = 'incident' AND change.incident_id = ANY(incident_ids)
         ORDER BY change.incident_id, change.revision, change.id
       ),
       numbered AS (
         SELECT ordered.*, row_number() OVER (PARTITION BY ordered.incident_id ORDER BY ordered.revision) AS n FROM ordered
       ),
       stamped AS (
         -- When each change took effect: the incident's own times where the event carries them, else the event
         -- time; never before the change preceding it.
         SELECT numbered.*,
                max(CASE WHEN numbered.n = 1 OR numbered.change_type = 'incident.opened' THEN numbered.opened_at
                         WHEN numbered.change_type = 'incident.resolved' THEN coalesce(numbered.resolved_at, numbered.occurred_at)
                         ELSE numbered.occurred_at END)
                  OVER (PARTITION BY numbered.incident_id ORDER BY numbered.revision) AS effective_at
         FROM numbered
       ),
       followed AS (
         SELECT stamped.*, lead(stamped.effective_at) OVER (PARTITION BY stamped.incident_id ORDER BY stamped.revision) AS until
         FROM stamped
       ),
       open_time AS (
         SELECT followed.incident_id, followed.revision, followed.service, followed.component, followed.severity, followed.severity_weight,
                followed.cost_per_minute, followed.test, followed.effective_at AS starts_at, followed.until AS ends_at
         FROM followed
         WHERE followed.status IN ('open', 'acknowledged') AND (followed.until IS NULL OR followed.until > followed.effective_at)
         UNION ALL
         -- The first change held is already a resolution (the ledger started later): open from opening to resolution.
         SELECT followed.incident_id, followed.revision, followed.service, followed.component, followed.severity, followed.severity_weight,
                followed.cost_per_minute, followed.test, followed.opened_at, followed.resolved_at
         FROM followed
         WHERE followed.n = 1 AND followed.status = 'resolved' AND followed.resolved_at > followed.opened_at
       )
       SELECT open_time.incident_id, open_time.revision, cut.month, open_time.service, open_time.component, cut.piece_start, cut.piece_end,
              open_time.severity, open_time.severity_weight, open_time.cost_per_minute, open_time.test
       FROM open_time CROSS JOIN LATERAL ledger.cut_by_month(open_time.starts_at, open_time.ends_at) AS cut;

       SELECT array_agg(pair.service), array_agg(pair.month) INTO now_services, now_months
       FROM (SELECT DISTINCT span.service, covered AS month
             FROM ledger.outage_spans AS span CROSS JOIN LATERAL ledger.months_covered(span.month, span.ends_at) AS covered
             WHERE span.incident_id = ANY(incident_ids) AND span.service IS NOT NULL) AS pair;

       INSERT INTO ledger.entries AS entry (
         incident_id, service, component, tier, team, title, severity, status, opened_at, acknowledged_at, acknowledged_by,
         resolved_at, resolution_reason, resolved_by, alert_count, reopen_count, ticket_id, ticket_system, ticket_ref, ticket_url,
         in_maintenance, duration_seconds, maintenance_seconds, weighted_downtime_seconds, time_to_acknowledge_seconds,
         time_to_resolve_seconds, cost_per_minute, downtime_cost, test, revision, updated_at)
       SELECT latest.incident_id, latest.service, latest.component, latest.tier, latest.team, latest.title, across.highest_severity,
              latest.status, latest.opened_at, across.first_acknowledged_at, across.first_acknowledged_by,
              resolved.resolved_at, resolved.resolution_reason, resolved.resolved_by, latest.alert_count, across.reopens,
              ticket.ticket_id, ticket.ticket_system, ticket.ticket_external_id, ticket.ticket_url,
              coalesce(figures.maintenance_seconds, 0) > 0,
              CASE WHEN resolved.resolved_at IS NOT NULL THEN round(coalesce(figures.open_seconds, 0), 3) END,
              CASE WHEN resolved.resolved_at IS NOT NULL THEN round(coalesce(figures.maintenance_seconds, 0), 3) END,
              CASE WHEN resolved.resolved_at IS NOT NULL THEN round(coalesce(figures.weighted_seconds, 0), 3) END,
              round(extract(epoch FROM across.first_acknowledged_at) - extract(epoch FROM latest.opened_at), 3),
              round(extract(epoch FROM resolved.resolved_at) - extract(epoch FROM latest.opened_at), 3),
              latest.cost_per_minute,
              CASE WHEN resolved.resolved_at IS NOT NULL THEN round(coalesce(figures.weighted_seconds, 0) / 60 * latest.cost_per_minute, 2) END,
              latest.test, latest.revision, now()
       FROM (
         SELECT DISTINCT ON (change.incident_id) change.*
         FROM ledger.entry_history AS change
         WHERE change.source = 'incident' AND change.incident_id = ANY(incident_ids)
         ORDER BY change.incident_id, change.revision DESC, change.id
       ) AS latest
       CROSS JOIN LATERAL (
         SELECT CASE WHEN latest.status = 'resolved' THEN latest.resolved_at END AS resolved_at,
                CASE WHEN latest.status = 'resolved' THEN latest.resolution_reason END AS resolution_reason,
                CASE WHEN latest.status = 'resolved' THEN latest.resolved_by END AS resolved_by
       ) AS resolved
       CROSS JOIN LATERAL (
         SELECT (array_agg(change.severity ORDER BY ledger.severity_rank(change.severity) DESC))[1] AS highest_severity,
                min(change.acknowledged_at) AS first_acknowledged_at,
                (array_agg(change.acknowledged_by ORDER BY change.acknowledged_at) FILTER (WHERE change.acknowledged_at IS NOT NULL))[1] AS first_acknowledged_by,
                (count(*) FILTER (WHERE change.change_type = 'incident.reopened'))::integer AS reopens
         FROM ledger.entry_history AS change
         WHERE change.source = 'incident' AND change.incident_id = latest.incident_id
       ) AS across
       LEFT JOIN LATERAL (
         -- The newest ticket of the incident (by when the ledger first saw it), at its highest revision.
         SELECT change.ticket_id, change.ticket_system, change.ticket_external_id, change.ticket_url
         FROM ledger.entry_history AS change
         WHERE change.source = 'ticket' AND change.incident_id = latest.incident_id
           AND change.ticket_id = (
             SELECT seen.ticket_id FROM ledger.entry_history AS seen
             WHERE seen.source = 'ticket' AND seen.incident_id = latest.incident_id
             GROUP BY seen.ticket_id ORDER BY min(seen.id) DESC LIMIT 1)
         ORDER BY change.revision DESC, change.id DESC
         LIMIT 1
       ) AS ticket ON true
       LEFT JOIN LATERAL (
         SELECT sum(ledger.seconds(piece.open_span)) AS open_seconds,
                sum(ledger.seconds(piece.open_span * piece.maintenance)) AS maintenance_seconds,
                sum(piece.weight * ledger.seconds(piece.open_span - piece.maintenance)) AS weighted_seconds
         FROM (
           SELECT span.weight, tstzmultirange(bounds.span) AS open_span, ledger.maintenance_of(span.component, bounds.span) AS maintenance
           FROM ledger.outage_spans AS span
           CROSS JOIN LATERAL (SELECT tstzrange(span.starts_at, greatest(span.starts_at, coalesce(span.ends_at, now()))) AS span) AS bounds
           WHERE span.incident_id = latest.incident_id
         ) AS piece
       ) AS figures ON true
       ON CONFLICT (incident_id) DO UPDATE SET
         (service, component, tier, team, title, severity, status, opened_at, acknowledged_at, acknowledged_by,
          resolved_at, resolution_reason, resolved_by, alert_count, reopen_count, ticket_id, ticket_system, ticket_ref, ticket_url,
          in_maintenance, duration_seconds, maintenance_seconds, weighted_downtime_seconds, time_to_acknowledge_seconds,
          time_to_resolve_seconds, cost_per_minute, downtime_cost, test, revision, updated_at)
         = (EXCLUDED.service, EXCLUDED.component, EXCLUDED.tier, EXCLUDED.team, EXCLUDED.title, EXCLUDED.severity, EXCLUDED.status,
            EXCLUDED.opened_at, EXCLUDED.acknowledged_at, EXCLUDED.acknowledged_by, EXCLUDED.resolved_at, EXCLUDED.resolution_reason,
            EXCLUDED.resolved_by, EXCLUDED.alert_count, EXCLUDED.reopen_count, EXCLUDED.ticket_id, EXCLUDED.ticket_system,
            EXCLUDED.ticket_ref, EXCLUDED.ticket_url, EXCLUDED.in_maintenance, EXCLUDED.duration_seconds, EXCLUDED.maintenance_seconds,
            EXCLUDED.weighted_downtime_seconds, EXCLUDED.time_to_acknowledge_seconds, EXCLUDED.time_to_resolve_seconds,
            EXCLUDED.cost_per_minute, EXCLUDED.downtime_cost, EXCLUDED.test, EXCLUDED.revision, EXCLUDED.updated_at);

       PERFORM ledger.refresh_service_months(
         coalesce(touched_services, '{}') || coalesce(now_services, '{}'),
         coalesce(touched_months, '{}') || coalesce(now_months, '{}'));
     END $$`,
];
