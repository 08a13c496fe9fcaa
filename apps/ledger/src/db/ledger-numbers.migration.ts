import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Numbers people read (issue 19, items 8 and 11): the handling team beside
 * the owning team. This migration adds the column and its index; the
 * trigger that fills it (`sql/stamp_handling_team.sql`, from
 * `sql/handling_team_of.sql`) and the views that read it
 * (`sql/mttr_by_team_month.sql`, `sql/mtta_by_team_month.sql`, and the
 * day-minimum of `sql/sla_by_service_month.sql`) are repeatable SQL, applied
 * after this migration by the same step. Ticket changes recorded before this
 * migration carry no team: those entries have no handling team.
 */
export class LedgerNumbers1795400700000 implements MigrationInterface {
  readonly name = 'LedgerNumbers1795400700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ledger.entries ADD COLUMN handling_team text');
    await runner.query('CREATE INDEX entries_of_handling_team ON ledger.entries ((coalesce(handling_team, team)), opened_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    // What reads the column goes with it; the repeatable step of the code being reverted to makes its own views again.
    await runner.query('DROP VIEW IF EXISTS ledger.mtta_by_team_month, ledger.mttr_by_team_month');
    await runner.query('DROP TRIGGER IF EXISTS entries_handling_team ON ledger.entries');
    await runner.query('DROP FUNCTION IF EXISTS ledger.stamp_handling_team(), ledger.handling_team_of(text)');
    await runner.query('DROP INDEX ledger.entries_of_handling_team');
    await runner.query('ALTER TABLE ledger.entries DROP COLUMN handling_team');
  }
}
