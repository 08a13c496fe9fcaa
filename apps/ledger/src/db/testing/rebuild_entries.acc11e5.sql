-- ledger.rebuild_entries as LedgerQuietRebuilds1795400600000 shipped it in acc11e5, before e91c4c6 edited that
-- migration in place: a database migrated then kept this text (maintenance looked up once per span).
CREATE OR REPLACE FUNCTION ledger.rebuild_entries(incident_ids text[]) RETURNS void
     LANGUAGE plpgsql AS $$
     DECLARE
       before_services text[];
       before_months date[];
       before_digests text[];
       changed_services text[];
       changed_months date[];
     BEGIN
       SELECT array_agg(before_.service), array_agg(before_.month), array_agg(before_.digest) INTO before_services, before_months, before_digests
       FROM ledger.span_digests(incident_ids) AS before_;

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
       ),
       -- Consecutive open stretches in the same state (an update that changed only the alert count) are one span.
       joined AS (
         SELECT open_time.*,
                open_time.starts_at IS DISTINCT FROM lag(open_time.ends_at) OVER by_start
                OR open_time.service IS DISTINCT FROM lag(open_time.service) OVER by_start
                OR open_time.component IS DISTINCT FROM lag(open_time.component) OVER by_start
                OR open_time.severity IS DISTINCT FROM lag(open_time.severity) OVER by_start
                OR open_time.severity_weight IS DISTINCT FROM lag(open_time.severity_weight) OVER by_start
                OR open_time.cost_per_minute IS DISTINCT FROM lag(open_time.cost_per_minute) OVER by_start
                OR open_time.test IS DISTINCT FROM lag(open_time.test) OVER by_start AS starts_island
         FROM open_time
         WINDOW by_start AS (PARTITION BY open_time.incident_id ORDER BY open_time.starts_at, open_time.revision)
       ),
       islands AS (
         SELECT joined.*, count(*) FILTER (WHERE joined.starts_island) OVER (PARTITION BY joined.incident_id ORDER BY joined.starts_at, joined.revision) AS island
         FROM joined
       ),
       stretches AS (
         SELECT islands.incident_id, min(islands.revision) AS revision, islands.service, islands.component, islands.severity, islands.severity_weight,
                islands.cost_per_minute, islands.test, min(islands.starts_at) AS starts_at,
                CASE WHEN bool_and(islands.ends_at IS NOT NULL) THEN max(islands.ends_at) END AS ends_at
         FROM islands
         GROUP BY islands.incident_id, islands.island, islands.service, islands.component, islands.severity, islands.severity_weight,
                  islands.cost_per_minute, islands.test
       )
       SELECT stretches.incident_id, stretches.revision, cut.month, stretches.service, stretches.component, cut.piece_start, cut.piece_end,
              stretches.severity, stretches.severity_weight, stretches.cost_per_minute, stretches.test
       FROM stretches CROSS JOIN LATERAL ledger.cut_by_month(stretches.starts_at, stretches.ends_at) AS cut;

       SELECT array_agg(coalesce(after_.service, before_.service)), array_agg(coalesce(after_.month, before_.month))
         INTO changed_services, changed_months
       FROM ledger.span_digests(incident_ids) AS after_
       FULL JOIN unnest(before_services, before_months, before_digests) AS before_ (service, month, digest)
         ON before_.service = after_.service AND before_.month = after_.month
       WHERE after_.digest IS DISTINCT FROM before_.digest;

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

       PERFORM ledger.refresh_service_months(coalesce(changed_services, '{}'), coalesce(changed_months, '{}'));
     END $$;
