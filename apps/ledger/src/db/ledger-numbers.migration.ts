import type { MigrationInterface, QueryRunner } from 'typeorm';
import { slaByServiceMonthView, timingByTeamMonth } from './analyst-views.migration';

/** Below this much measured time a month has no uptime figure: the status page shows none either (docs/status-page.md, "Uptime"). */
const minimumMeasuredSeconds = 86_400;

/**
 * Numbers people read (issue 19, items 8 and 11):
 *
 * - The handling team: the team the incident's ticket was routed to, beside
 *   the owning team (`team`, as the correlator stamped it from the catalog).
 *   Ticket changes carry their team into the history from now on; an entry's
 *   `handling_team` is the team of its newest ticket at that ticket's highest
 *   revision, the same ticket the entry's `ticket_*` columns show. A trigger
 *   keeps it, so every writer of `ledger.entries` (today `rebuild_entries`)
 *   derives it from the history the same way. Ticket changes recorded before
 *   this migration carry no team: those entries have no handling team.
 * - Time to resolve and to acknowledge credit the handling team (the owning
 *   team when there is no ticket): whoever worked the incident, not whoever
 *   owns the service. The SLA and cost views stay per service.
 * - A month with less than a day measured (the first day of the month in
 *   progress) has no uptime percentage, as the status page gives none with
 *   less than a day of data.
 */
export class LedgerNumbers1795400700000 implements MigrationInterface {
  readonly name = 'LedgerNumbers1795400700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ledger.entries ADD COLUMN handling_team text');
    await runner.query(handlingTeamOf);
    await runner.query(`
      CREATE FUNCTION ledger.stamp_handling_team() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.handling_team := ledger.handling_team_of(NEW.incident_id);
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE TRIGGER entries_handling_team BEFORE INSERT OR UPDATE ON ledger.entries
      FOR EACH ROW EXECUTE FUNCTION ledger.stamp_handling_team()`);
    await runner.query('CREATE INDEX entries_of_handling_team ON ledger.entries ((coalesce(handling_team, team)), opened_at)');

    await runner.query(slaWithMinimumPeriod());
    await runner.query(timingByHandlingTeamMonth('mttr_by_team_month', 'time_to_resolve_seconds', 'resolved', 'resolve'));
    await runner.query(timingByHandlingTeamMonth('mtta_by_team_month', 'time_to_acknowledge_seconds', 'acknowledged', 'acknowledge'));
  }

  async down(runner: QueryRunner): Promise<void> {
    // The views gained columns, which OR REPLACE cannot take away: they are made again as they were.
    for (const view of ['mtta_by_team_month', 'mttr_by_team_month']) await runner.query(`DROP VIEW ledger.${view}`);
    await runner.query(timingByTeamMonth('mttr_by_team_month', 'time_to_resolve_seconds', 'resolved', 'resolve'));
    await runner.query(timingByTeamMonth('mtta_by_team_month', 'time_to_acknowledge_seconds', 'acknowledged', 'acknowledge'));
    await runner.query(slaByServiceMonthView.replace('CREATE VIEW', 'CREATE OR REPLACE VIEW'));
    await runner.query('DROP INDEX ledger.entries_of_handling_team');
    await runner.query('DROP TRIGGER entries_handling_team ON ledger.entries');
    await runner.query('DROP FUNCTION ledger.stamp_handling_team()');
    await runner.query('DROP FUNCTION ledger.handling_team_of(text)');
    await runner.query('ALTER TABLE ledger.entries DROP COLUMN handling_team');
  }
}

/** The team of the incident's newest ticket (by when the ledger first saw it), at that ticket's highest revision. */
const handlingTeamOf = `CREATE FUNCTION ledger.handling_team_of(incident text) RETURNS text
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
     END`;

/**
 * The SLA view with one more condition on both percentages. Built from the
 * shipped view's text, which never changes, so the diff is this condition
 * and not a second copy of the view.
 */
function slaWithMinimumPeriod(): string {
  const condition = 'CASE WHEN measured.period_seconds > measured.maintenance_seconds';
  const view = slaByServiceMonthView.replace('CREATE VIEW', 'CREATE OR REPLACE VIEW');
  const replaced = view.replaceAll(condition, `CASE WHEN measured.period_seconds >= ${minimumMeasuredSeconds} AND measured.period_seconds > measured.maintenance_seconds`);
  if (view.split(condition).length !== 3) throw new Error('ledger.sla_by_service_month is not the view this migration was written against');
  return replaced;
}

/**
 * `timingByTeamMonth` per handling team, plus `owned_elsewhere`: how many of
 * the team's incidents belong to another team's service.
 */
function timingByHandlingTeamMonth(view: string, secondsColumn: string, counted: string, verb: string): string {
  const creditedTeam = 'coalesce(entry.handling_team, entry.team)';
  const previous = timingByTeamMonth(view, secondsColumn, counted, verb);
  const changed = previous
    .replace('CREATE VIEW', 'CREATE OR REPLACE VIEW')
    .replace('SELECT entry.team,', `SELECT ${creditedTeam} AS team,`)
    .replace(`AS p90_minutes_to_${verb}`, `AS p90_minutes_to_${verb},\n           (count(*) FILTER (WHERE entry.team IS DISTINCT FROM ${creditedTeam}))::integer AS owned_elsewhere`)
    .replace('GROUP BY entry.team,', `GROUP BY ${creditedTeam},`);
  if (changed.split(creditedTeam).length !== 4) throw new Error(`ledger.${view} is not the view this migration was written against`);
  return changed;
}
