-- The team of the incident's newest ticket (by when the ledger first saw it), at that ticket's highest revision.
CREATE OR REPLACE FUNCTION ledger.handling_team_of(incident text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT change.team
  FROM ledger.entry_history AS change
  WHERE change.source = 'ticket' AND change.incident_id = incident
    AND change.ticket_id = (
      SELECT seen.ticket_id FROM ledger.entry_history AS seen
      WHERE seen.source = 'ticket' AND seen.incident_id = incident
      GROUP BY seen.ticket_id ORDER BY min(seen.id) DESC LIMIT 1)
  ORDER BY change.revision DESC, change.id DESC
  LIMIT 1;
END;
