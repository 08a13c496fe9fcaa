import type { MigrationInterface, QueryRunner } from 'typeorm';
import { analystRole } from '../analysts/analyst-role';

/**
 * The read-only role analysts connect as: it reads every table and view of
 * the `ledger` schema, now and in later migrations, and nothing else. It is
 * created without LOGIN; the migration step turns login on when it is given
 * a password (`LEDGER_ANALYST_PASSWORD`, see analyst-login.ts).
 *
 * Other schemas stay closed without a word here: Hookline's schemas grant
 * nothing to PUBLIC, and since Postgres 15 neither does `public` (CREATE).
 */
export class AnalystRole1795400500000 implements MigrationInterface {
  readonly name = 'AnalystRole1795400500000';

  async up(runner: QueryRunner): Promise<void> {
    // Roles belong to the whole cluster: another database on it may have created this one already.
    await runner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${analystRole}') THEN
          CREATE ROLE ${analystRole} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        END IF;
      END $$`);
    // Belt and braces: even a privilege granted by mistake later cannot be used to write.
    await runner.query(`ALTER ROLE ${analystRole} SET default_transaction_read_only = on`);
    await runner.query(`GRANT USAGE ON SCHEMA ledger TO ${analystRole}`);
    await runner.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO ${analystRole}`);
    await runner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ledger GRANT SELECT ON TABLES TO ${analystRole}`);
    // Functions are executable by everyone by default; the ledger's writers are for the app alone.
    await runner.query('REVOKE EXECUTE ON FUNCTION ledger.rebuild_entries(text[]), ledger.refresh_service_months(text[], date[]) FROM PUBLIC');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('GRANT EXECUTE ON FUNCTION ledger.rebuild_entries(text[]), ledger.refresh_service_months(text[], date[]) TO PUBLIC');
    // The role itself stays: it is cluster-wide and other databases may use it.
    await runner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ledger REVOKE SELECT ON TABLES FROM ${analystRole}`);
    await runner.query(`REVOKE SELECT ON ALL TABLES IN SCHEMA ledger FROM ${analystRole}`);
    await runner.query(`REVOKE USAGE ON SCHEMA ledger FROM ${analystRole}`);
  }
}
