import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who owns an integration and what triggers it, how often it should be heard
 * from (`expect_every_seconds`, the dead-man's switch), and what became of its
 * deliveries and tests: `integration_activity`, one row per integration,
 * kept up to date by the delivery log's batched writer (so not a write per
 * webhook) and by the test action. A table of its own, not columns of
 * `integrations`: every change there is a registry reload on every replica,
 * and the summary must outlive the delivery log's retention. Filled from the
 * delivery log as it stands.
 */
export class IntegrationOwnerAndActivity1795401100000 implements MigrationInterface {
  readonly name = 'IntegrationOwnerAndActivity1795401100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE ingress.integrations
        ADD COLUMN owner_team text,
        ADD COLUMN description text,
        ADD COLUMN expect_every_seconds integer CHECK (expect_every_seconds > 0)`);
    await runner.query(`
      CREATE TABLE ingress.integration_activity (
        integration_id text PRIMARY KEY,
        last_accepted_at timestamptz,
        last_refused_at timestamptz,
        last_refused_status integer,
        last_refused_outcome text,
        last_refused_reason text,
        refusals_since_accepted integer NOT NULL DEFAULT 0,
        last_test_at timestamptz,
        last_test_outcome text,
        last_test_detail text
      )`);
    await runner.query(`
      INSERT INTO ingress.integration_activity (integration_id, last_accepted_at, last_refused_at, last_refused_status, last_refused_outcome, last_refused_reason, refusals_since_accepted)
      SELECT ids.integration_id, accepted.at, refused.received_at, refused.http_status, refused.outcome, refused.error_detail,
             (SELECT count(*) FROM ingress.deliveries later
               WHERE later.integration_id = ids.integration_id AND later.outcome NOT IN ('accepted', 'duplicate')
                 AND later.received_at > COALESCE(accepted.at, '-infinity'))
        FROM (SELECT DISTINCT integration_id FROM ingress.deliveries) ids
        LEFT JOIN LATERAL (SELECT max(received_at) AS at FROM ingress.deliveries d WHERE d.integration_id = ids.integration_id AND d.outcome = 'accepted') accepted ON true
        LEFT JOIN LATERAL (
          SELECT received_at, http_status, outcome, error_detail FROM ingress.deliveries d
           WHERE d.integration_id = ids.integration_id AND d.outcome NOT IN ('accepted', 'duplicate')
           ORDER BY received_at DESC LIMIT 1) refused ON true`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ingress.integration_activity');
    await runner.query('ALTER TABLE ingress.integrations DROP COLUMN owner_team, DROP COLUMN description, DROP COLUMN expect_every_seconds');
  }
}
