import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-integration incident policy (grouping threshold, auto-resolve), stamped on each alert for the correlator. */
export class IntegrationIncidentPolicy1795400200000 implements MigrationInterface {
  readonly name = 'IntegrationIncidentPolicy1795400200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingress.integrations ADD COLUMN incident_policy jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingress.integrations DROP COLUMN incident_policy');
  }
}
