-- The planned maintenance of a component within a time range (cancelled windows do not count).
CREATE OR REPLACE FUNCTION ledger.maintenance_of(component text, during tstzrange) RETURNS tstzmultirange
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(range_agg(tstzrange(window_.starts_at, window_.ends_at) * during), '{}')
  FROM ledger.maintenance_windows AS window_
  WHERE NOT window_.cancelled AND window_.components @> ARRAY[component]
    AND window_.ends_at > window_.starts_at AND window_.starts_at < upper(during) AND window_.ends_at > lower(during);
END;
