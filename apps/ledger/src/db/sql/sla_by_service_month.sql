-- Uptime per service and month (docs/ledger.md). A month with less than a day measured (the first day of the month in
-- progress) has no percentage, as the status page gives none with less than a day of data.
CREATE OR REPLACE VIEW ledger.sla_by_service_month AS
SELECT downtime.service,
       downtime.month,
       round(measured.period_seconds / 60, 2) AS period_minutes,
       round(measured.maintenance_seconds / 60, 2) AS maintenance_minutes,
       downtime.incidents,
       round(downtime.down_seconds / 60, 2) AS downtime_minutes,
       round(downtime.weighted_down_seconds / 60, 2) AS weighted_downtime_minutes,
       CASE WHEN measured.period_seconds >= 86400 AND measured.period_seconds > measured.maintenance_seconds
         THEN round(100 * (1 - downtime.weighted_down_seconds / (measured.period_seconds - measured.maintenance_seconds)), 4) END AS uptime_percent,
       CASE WHEN measured.period_seconds >= 86400 AND measured.period_seconds > measured.maintenance_seconds
         THEN round(100 * (1 - downtime.down_seconds / (measured.period_seconds - measured.maintenance_seconds)), 4) END AS strict_uptime_percent
FROM ledger.service_month_downtime AS downtime
CROSS JOIN LATERAL (SELECT ledger.month_range(downtime.month) AS whole) AS month_
CROSS JOIN LATERAL (
  -- A month in progress is measured up to now, its maintenance too.
  SELECT greatest(0, extract(epoch FROM least(upper(month_.whole), now())) - extract(epoch FROM lower(month_.whole))) AS period_seconds,
         CASE WHEN isempty(downtime.maintenance) OR upper(downtime.maintenance) <= now() THEN downtime.maintenance_seconds
              WHEN lower(downtime.maintenance) >= now() THEN 0
              ELSE ledger.seconds(downtime.maintenance * tstzmultirange(tstzrange(lower(month_.whole), greatest(lower(month_.whole), now())))) END
           AS maintenance_seconds
) AS measured;
