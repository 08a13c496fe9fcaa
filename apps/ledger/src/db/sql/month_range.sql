-- A UTC month as a half-open range.
CREATE OR REPLACE FUNCTION ledger.month_range(month date) RETURNS tstzrange
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN tstzrange(ledger.month_start(month), ledger.month_start((month + interval '1 month')::date));
