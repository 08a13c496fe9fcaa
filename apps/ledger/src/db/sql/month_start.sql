-- The first instant of a UTC month.
CREATE OR REPLACE FUNCTION ledger.month_start(month date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN month::timestamp AT TIME ZONE 'UTC';
