-- Every writer of ingress.integrations (the admin API, an operator's psql) stamps the row with its
-- transaction id, so the registry of every replica can poll by commit visibility instead of by clock
-- (see integration-registry.ts): a change cannot be missed whatever order the transactions commit in.
CREATE OR REPLACE FUNCTION ingress.stamp_integration_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_xid := pg_current_xact_id();
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER integrations_changed_xid BEFORE INSERT OR UPDATE ON ingress.integrations
FOR EACH ROW EXECUTE FUNCTION ingress.stamp_integration_change();
