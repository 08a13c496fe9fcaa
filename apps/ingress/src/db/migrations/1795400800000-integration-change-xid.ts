import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id of the transaction that last wrote each integration (stamped by the
 * repeatable trigger in ../sql/stamp_integration_change.sql). The registry
 * polls `changed_xid >= <the previous poll's snapshot xmin>` instead of
 * `updated_at > <the newest seen>`, which missed a change whose transaction
 * started before, but committed after, one already seen.
 */
export class IntegrationChangeXid1795400800000 implements MigrationInterface {
  readonly name = 'IntegrationChangeXid1795400800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingress.integrations ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id()');
    await runner.query('CREATE INDEX integrations_changed_xid ON ingress.integrations (changed_xid)');
    // Nothing polls by clock any more.
    await runner.query('DROP INDEX ingress.integrations_updated_at');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TRIGGER IF EXISTS integrations_changed_xid ON ingress.integrations');
    await runner.query('DROP FUNCTION IF EXISTS ingress.stamp_integration_change()');
    await runner.query('ALTER TABLE ingress.integrations DROP COLUMN changed_xid');
    await runner.query('CREATE INDEX integrations_updated_at ON ingress.integrations (updated_at)');
  }
}
