-- Recomputes the pre-aggregate of the given (service, month) pairs; a pair left without spans loses its row.
CREATE OR REPLACE FUNCTION ledger.refresh_service_months(services text[], months date[]) RETURNS void
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
END;

REVOKE EXECUTE ON FUNCTION ledger.refresh_service_months(text[], date[]) FROM PUBLIC;
