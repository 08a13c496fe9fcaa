-- A span cut at UTC month boundaries; a still-open span (no end) is one piece, in the month it started.
CREATE OR REPLACE FUNCTION ledger.cut_by_month(span_start timestamptz, span_end timestamptz)
RETURNS TABLE (month date, piece_start timestamptz, piece_end timestamptz)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT cut::date, greatest(span_start, ledger.month_start(cut::date)),
         CASE WHEN span_end IS NOT NULL THEN least(span_end, upper(ledger.month_range(cut::date))) END
  FROM generate_series(ledger.month_of(span_start)::timestamp,
                       ledger.month_of(coalesce(span_end - interval '1 microsecond', span_start))::timestamp,
                       interval '1 month') AS cut;
END;
