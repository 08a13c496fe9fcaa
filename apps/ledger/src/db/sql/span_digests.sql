-- A digest of the given incidents' spans per service-month they count in: equal digests before and after a rebuild
-- mean the month's figures cannot have changed through these incidents. (Maintenance changes refresh their months
-- themselves: ledger-recorder.ts.)
CREATE OR REPLACE FUNCTION ledger.span_digests(incident_ids text[]) RETURNS TABLE (service text, month date, digest text)
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT span.service, covered,
         md5(string_agg(concat_ws('|', span.incident_id, span.month, span.component, span.starts_at, span.ends_at, span.severity, span.weight,
                                  span.cost_per_minute, span.test),
                        ',' ORDER BY span.incident_id, span.month, span.starts_at))
  FROM ledger.outage_spans AS span CROSS JOIN LATERAL ledger.months_covered(span.month, span.ends_at) AS covered
  WHERE span.incident_id = ANY(incident_ids) AND span.service IS NOT NULL
  GROUP BY span.service, covered;
END;
