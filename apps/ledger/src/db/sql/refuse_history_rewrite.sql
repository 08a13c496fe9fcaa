-- entry_history is append-only: corrections arrive as new events, never as edits of old ones (the triggers: LedgerTables1795400200000).
CREATE OR REPLACE FUNCTION ledger.refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger.entry_history is append-only (% refused)', TG_OP;
END $$;
