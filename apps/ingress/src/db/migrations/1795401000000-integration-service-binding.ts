import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The catalog services an integration may report on, and what happens to its alerts for any other (docs/ingress.md). Null: unbound. */
export class IntegrationServiceBinding1795401000000 implements MigrationInterface {
  readonly name = 'IntegrationServiceBinding1795401000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingress.integrations ADD COLUMN service_binding jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingress.integrations DROP COLUMN service_binding');
  }
}
