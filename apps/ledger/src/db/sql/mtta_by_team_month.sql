-- As mttr_by_team_month, for the time to acknowledge; `acknowledged` is how many were.
CREATE OR REPLACE VIEW ledger.mtta_by_team_month AS
SELECT coalesce(entry.handling_team, entry.team) AS team,
       ledger.month_of(entry.opened_at) AS month,
       count(*)::integer AS incidents,
       count(entry.time_to_acknowledge_seconds)::integer AS acknowledged,
       round(avg(entry.time_to_acknowledge_seconds) / 60, 2) AS mean_minutes_to_acknowledge,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY entry.time_to_acknowledge_seconds))::numeric / 60, 2) AS median_minutes_to_acknowledge,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY entry.time_to_acknowledge_seconds))::numeric / 60, 2) AS p90_minutes_to_acknowledge,
       (count(*) FILTER (WHERE entry.team IS DISTINCT FROM coalesce(entry.handling_team, entry.team)))::integer AS owned_elsewhere
FROM ledger.entries AS entry
WHERE NOT entry.test
GROUP BY coalesce(entry.handling_team, entry.team), ledger.month_of(entry.opened_at);
