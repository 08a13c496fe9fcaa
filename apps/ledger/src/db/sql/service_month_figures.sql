-- Downtime of each (service, month) pair, with still-open incidents counted up to as_of.
--
-- Interval arithmetic on tstzmultirange: overlapping incidents of a service are a union (counted once), maintenance is
-- subtracted, and partial outages are weighted by severity level: with weights w1 > w2 > …,
-- weighted downtime = Σ (w_k − w_(k+1)) × |union of spans with weight ≥ w_k|,
-- i.e. every instant counts at the highest weight of the incidents open then.
CREATE OR REPLACE FUNCTION ledger.service_month_figures(services text[], months date[], as_of timestamptz)
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
END;
