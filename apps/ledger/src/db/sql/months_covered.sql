-- The months a span row counts in: its own, and for a still-open span every month since, up to now.
CREATE OR REPLACE FUNCTION ledger.months_covered(month date, ends_at timestamptz) RETURNS SETOF date
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT covered::date FROM generate_series(
    month::timestamp,
    (CASE WHEN ends_at IS NULL THEN greatest(month, ledger.month_of(now())) ELSE month END)::timestamp,
    interval '1 month') AS covered;
END;
