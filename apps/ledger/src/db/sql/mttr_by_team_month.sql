-- Mean, median and 90th percentile time to resolve per handling team (the owning team when there is no ticket) and
-- month the incidents opened in; `resolved` is how many had one. owned_elsewhere: the team's incidents of another
-- team's service.
CREATE OR REPLACE VIEW ledger.mttr_by_team_month AS
SELECT coalesce(entry.handling_team, entry.team) AS team,
       ledger.month_of(entry.opened_at) AS month,
       count(*)::integer AS incidents,
       count(entry.time_to_resolve_seconds)::integer AS resolved,
       round(avg(entry.time_to_resolve_seconds) / 60, 2) AS mean_minutes_to_resolve,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY entry.time_to_resolve_seconds))::numeric / 60, 2) AS median_minutes_to_resolve,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY entry.time_to_resolve_seconds))::numeric / 60, 2) AS p90_minutes_to_resolve,
       (count(*) FILTER (WHERE entry.team IS DISTINCT FROM coalesce(entry.handling_team, entry.team)))::integer AS owned_elsewhere
FROM ledger.entries AS entry
WHERE NOT entry.test
GROUP BY coalesce(entry.handling_team, entry.team), ledger.month_of(entry.opened_at);
