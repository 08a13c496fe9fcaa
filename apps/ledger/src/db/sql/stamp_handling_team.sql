-- Every writer of ledger.entries (today rebuild_entries) derives the handling team from the history the same way.
CREATE OR REPLACE FUNCTION ledger.stamp_handling_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.handling_team := ledger.handling_team_of(NEW.incident_id);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER entries_handling_team BEFORE INSERT OR UPDATE ON ledger.entries
FOR EACH ROW EXECUTE FUNCTION ledger.stamp_handling_team();
