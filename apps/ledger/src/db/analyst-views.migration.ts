import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The views analysts query (documented column by column in docs/ledger.md).
 * Test incidents (synthetic alerts) are left out of every figure here.
 */
export class AnalystViews1795400400000 implements MigrationInterface {
  readonly name = 'AnalystViews1795400400000';

  async up(runner: QueryRunner): Promise<void> {
    /*
     * Service-months as they stand now. The pre-aggregate holds each
     * service-month as of its last refresh, and every change to a span
     * refreshes the months it touches, so what can have changed since is only
     * this: a still-open incident has gone on. Such a service-month gets the
     * time since its refresh added, at the highest weight open (those
     * incidents all began before the refresh, so they cover all of it),
     * minus maintenance. A month an open incident has reached without any
     * event since (a month rollover) has no row yet and is all extension.
     * Constant work per service with an open incident, whatever its history.
     */
    await runner.query(`
      CREATE VIEW ledger.service_month_downtime AS
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
      ) AS extension`);

    await runner.query(`
      CREATE VIEW ledger.sla_by_service_month AS
      SELECT downtime.service,
             downtime.month,
             round(measured.period_seconds / 60, 2) AS period_minutes,
             round(measured.maintenance_seconds / 60, 2) AS maintenance_minutes,
             downtime.incidents,
             round(downtime.down_seconds / 60, 2) AS downtime_minutes,
             round(downtime.weighted_down_seconds / 60, 2) AS weighted_downtime_minutes,
             CASE WHEN measured.period_seconds > measured.maintenance_seconds
               THEN round(100 * (1 - downtime.weighted_down_seconds / (measured.period_seconds - measured.maintenance_seconds)), 4) END AS uptime_percent,
             CASE WHEN measured.period_seconds > measured.maintenance_seconds
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
      ) AS measured`);

    await runner.query(`
      CREATE VIEW ledger.downtime_cost_by_service_month AS
      SELECT downtime.service,
             downtime.month,
             downtime.incidents,
             round(downtime.weighted_down_seconds / 60, 2) AS weighted_downtime_minutes,
             downtime.cost_per_minute,
             round(downtime.weighted_down_seconds / 60 * downtime.cost_per_minute, 2) AS downtime_cost
      FROM ledger.service_month_downtime AS downtime`);

    await runner.query(timingByTeamMonth('mttr_by_team_month', 'time_to_resolve_seconds', 'resolved', 'resolve'));
    await runner.query(timingByTeamMonth('mtta_by_team_month', 'time_to_acknowledge_seconds', 'acknowledged', 'acknowledge'));
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const view of ['mtta_by_team_month', 'mttr_by_team_month', 'downtime_cost_by_service_month', 'sla_by_service_month', 'service_month_downtime']) {
      await runner.query(`DROP VIEW ledger.${view}`);
    }
  }
}

/**
 * Mean, median and 90th percentile of an entry duration per team and month
 * the incidents opened in; `counted` is how many had one (the others are
 * still open, or were never acknowledged).
 */
function timingByTeamMonth(view: string, secondsColumn: string, counted: string, verb: string): string {
  const percentile = (fraction: number) =>
    `round((percentile_cont(${fraction}) WITHIN GROUP (ORDER BY entry.${secondsColumn}))::numeric / 60, 2)`;
  return `
    CREATE VIEW ledger.${view} AS
    SELECT entry.team,
           ledger.month_of(entry.opened_at) AS month,
           count(*)::integer AS incidents,
           count(entry.${secondsColumn})::integer AS ${counted},
           round(avg(entry.${secondsColumn}) / 60, 2) AS mean_minutes_to_${verb},
           ${percentile(0.5)} AS median_minutes_to_${verb},
           ${percentile(0.9)} AS p90_minutes_to_${verb}
    FROM ledger.entries AS entry
    WHERE NOT entry.test
    GROUP BY entry.team, ledger.month_of(entry.opened_at)`;
}
