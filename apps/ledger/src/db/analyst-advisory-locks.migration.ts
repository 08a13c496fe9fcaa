import type { MigrationInterface, QueryRunner } from 'typeorm';
import { analystRole } from '../analysts/analyst-role';

/**
 * Keeps the analyst role from the advisory locks the apps serialise on
 * (the ledger's writer lock, the correlator's key locks, the outbox relay's
 * and the migration lock): an analyst holding one, or only queueing for
 * one, would stall the pipeline behind it.
 *
 * Postgres has no "deny": everyone may run the `pg_*advisory*` functions
 * because PUBLIC may. So PUBLIC loses them, and every role that exists now,
 * except the analyst and the logins that inherit its privileges (one per
 * person, say), gets them back directly: the apps' roles, whichever they are, keep
 * what they had. Function privileges are per database, so
 * other databases on the cluster are untouched. A role created later that
 * needs advisory locks here is granted them by hand (docs/ledger.md).
 *
 * Only the functions' owner (a superuser) can revoke them; run by anyone
 * else, Postgres changes nothing and says so in a warning, and the
 * migration step logs that the analyst can still take them.
 */
export class AnalystAdvisoryLocks1795400800000 implements MigrationInterface {
  readonly name = 'AnalystAdvisoryLocks1795400800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DO $$
      DECLARE
        lock_function regprocedure;
        keeper name;
      BEGIN
        FOR lock_function IN ${advisoryLockFunctions} LOOP
          FOR keeper IN
            SELECT rolname FROM pg_roles
            -- USAGE: the roles that act with the analyst's privileges (its own logins), not the role that
            -- created it (Postgres 16+ makes that one a member with ADMIN only). A superuser counts as
            -- having every role's privileges: it needs no grant, and gets one anyway.
            WHERE (rolsuper OR NOT pg_has_role(oid, '${analystRole}', 'USAGE')) AND rolname NOT LIKE 'pg\\_%'
          LOOP
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', lock_function, keeper);
          END LOOP;
          EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', lock_function);
        END LOOP;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The direct grants stay: each only repeats what PUBLIC gives again.
    await runner.query(`
      DO $$
      DECLARE lock_function regprocedure;
      BEGIN
        FOR lock_function IN ${advisoryLockFunctions} LOOP
          EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', lock_function);
        END LOOP;
      END $$`);
  }
}

/** pg_advisory_lock, pg_try_advisory_xact_lock_shared, pg_advisory_unlock_all, …: every variant, one key or two. */
const advisoryLockFunctions = `
  SELECT p.oid::regprocedure FROM pg_proc AS p
  WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg\\_%advisory\\_%'`;
