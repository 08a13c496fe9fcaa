-- The length of a set of spans, in seconds.
CREATE OR REPLACE FUNCTION ledger.seconds(spans tstzmultirange) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(sum(extract(epoch FROM upper(span)) - extract(epoch FROM lower(span))), 0) FROM unnest(spans) AS span;
END;
