import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PagerDuty routing keys become secrets of their own (stored as a SHA-256
 * digest in `secrets`, like any other secret rotatable with a grace period).
 * Until now the routing key was the integration id; existing PagerDuty
 * integrations keep it as their current key, so their senders keep working,
 * until the key is rotated: the id then verifies for the grace period only.
 */
export class PagerDutyRoutingKeys1795400900000 implements MigrationInterface {
  readonly name = 'PagerDutyRoutingKeys1795400900000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE ingress.integrations
         SET secrets = jsonb_build_array(jsonb_build_object(
               'digest', encode(sha256(convert_to(id, 'UTF8')), 'hex'),
               'createdAt', to_jsonb(created_at),
               'expiresAt', NULL,
               'isIntegrationId', true))
       WHERE auth->>'scheme' = 'routing-key' AND secrets = '[]'::jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE ingress.integrations SET secrets = '[]'::jsonb WHERE auth->>'scheme' = 'routing-key'`);
  }
}
