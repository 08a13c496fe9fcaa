import { outboxTable } from '@hookline/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const outbox = outboxTable('statuspage');

/** The status page publishes maintenance windows (statuspage.maintenance.v1) through an outbox. */
export class StatusPageOutbox1795400050000 implements MigrationInterface {
  readonly name = 'StatusPageOutbox1795400050000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of outbox.up) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of outbox.down) await runner.query(sql);
  }
}
