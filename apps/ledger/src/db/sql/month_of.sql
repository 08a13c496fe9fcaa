-- Months are UTC calendar months throughout the ledger.
CREATE OR REPLACE FUNCTION ledger.month_of(at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN date_trunc('month', at AT TIME ZONE 'UTC')::date;
