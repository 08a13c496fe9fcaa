-- Weighted downtime minutes × the service's cost per minute; overlapping incidents are one outage here too.
CREATE OR REPLACE VIEW ledger.downtime_cost_by_service_month AS
SELECT downtime.service,
       downtime.month,
       downtime.incidents,
       round(downtime.weighted_down_seconds / 60, 2) AS weighted_downtime_minutes,
       downtime.cost_per_minute,
       round(downtime.weighted_down_seconds / 60 * downtime.cost_per_minute, 2) AS downtime_cost
FROM ledger.service_month_downtime AS downtime;
