-- Service-months as they stand now. The pre-aggregate holds each service-month as of its last refresh, and every
-- change to a span refreshes the months it touches, so what can have changed since is only this: a still-open
-- incident has gone on. Such a service-month gets the time since its refresh added, at the highest weight open (those
-- incidents all began before the refresh, so they cover all of it), minus maintenance. A month an open incident has
-- reached without any event since (a month rollover) has no row yet and is all extension. Constant work per service
-- with an open incident, whatever its history. Test incidents are left out of every view.
CREATE OR REPLACE VIEW ledger.service_month_downtime AS
WITH live AS (
  SELECT span.service, covered AS month, max(span.weight) AS open_weight, count(DISTINCT span.incident_id)::integer AS open_incidents,
         array_agg(DISTINCT span.component) FILTER (WHERE span.component IS NOT NULL) AS components, max(span.cost_per_minute) AS cost_per_minute
  FROM ledger.outage_spans AS span CROSS JOIN LATERAL ledger.months_covered(span.month, span.ends_at) AS covered
  WHERE span.ends_at IS NULL AND NOT span.test AND span.service IS NOT NULL
  GROUP BY span.service, covered
)
SELECT stored.service, stored.month, stored.incidents, stored.down_seconds, stored.weighted_down_seconds, stored.maintenance,
       stored.maintenance_seconds, stored.cost_per_minute
FROM ledger.service_months AS stored
WHERE NOT EXISTS (SELECT 1 FROM live WHERE live.service = stored.service AND live.month = stored.month)
UNION ALL
SELECT live.service, live.month, coalesce(stored.incidents, live.open_incidents),
       coalesce(stored.down_seconds, 0) + extension.seconds,
       coalesce(stored.weighted_down_seconds, 0) + extension.seconds * live.open_weight,
       maintenance.spans, coalesce(stored.maintenance_seconds, ledger.seconds(maintenance.spans)),
       coalesce(stored.cost_per_minute, live.cost_per_minute)
FROM live
LEFT JOIN ledger.service_months AS stored ON stored.service = live.service AND stored.month = live.month
CROSS JOIN LATERAL (SELECT ledger.month_range(live.month) AS whole) AS month_
CROSS JOIN LATERAL (
  SELECT coalesce(stored.maintenance, (
           SELECT coalesce(range_agg(ledger.maintenance_of(component, month_.whole)), '{}')
           FROM unnest(live.components) AS component)) AS spans,
         greatest(lower(month_.whole), coalesce(stored.refreshed_at, lower(month_.whole))) AS since
) AS maintenance
CROSS JOIN LATERAL (
  SELECT ledger.seconds(tstzmultirange(tstzrange(least(maintenance.since, upper(month_.whole)),
                                                 greatest(least(maintenance.since, upper(month_.whole)), least(upper(month_.whole), now()))))
                        - maintenance.spans) AS seconds
) AS extension;
