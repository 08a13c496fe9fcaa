import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LedgerQuietRebuilds1795400600000 } from '../ledger-quiet-rebuilds.migration';

/**
 * LedgerQuietRebuilds1795400600000 as it shipped in acc11e5: commit e91c4c6
 * edited the migration afterwards, so a database migrated between the two
 * kept the older `ledger.rebuild_entries`. Same name, so TypeORM takes it for
 * the shipped one and never runs it again.
 */
export class QuietRebuildsAsShippedInAcc11e5 implements MigrationInterface {
  readonly name = 'LedgerQuietRebuilds1795400600000';

  async up(runner: QueryRunner): Promise<void> {
    await new LedgerQuietRebuilds1795400600000().up(runner);
    await runner.query(readFileSync(join(__dirname, 'rebuild_entries.acc11e5.sql'), 'utf8'));
  }

  async down(): Promise<void> {
    throw new Error('a fixture of a shipped state, never reverted');
  }
}
