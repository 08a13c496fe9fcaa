import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegrationsAndDeliveries1795400000000 implements MigrationInterface {
  readonly name = 'CreateIntegrationsAndDeliveries1795400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ingress.integrations (
        id text PRIMARY KEY,
        name text NOT NULL,
        source text NOT NULL,
        auth jsonb NOT NULL,
        secrets jsonb NOT NULL DEFAULT '[]'::jsonb,
        service text,
        allowed_ips text[] NOT NULL DEFAULT '{}',
        rate_limit_per_minute integer,
        correlation_template text,
        field_mapping jsonb,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The registry cache polls for rows changed since its last look.
    await runner.query(`CREATE INDEX integrations_updated_at ON ingress.integrations (updated_at)`);
    await runner.query(`
      CREATE TABLE ingress.deliveries (
        event_id uuid PRIMARY KEY,
        delivery_id text NOT NULL,
        integration_id text NOT NULL,
        received_at timestamptz NOT NULL,
        source_ip text NOT NULL,
        outcome text NOT NULL,
        http_status integer NOT NULL,
        error_detail text,
        alert_count integer NOT NULL,
        latency_ms double precision NOT NULL
      )`);
    // Newest first per integration, with the event id as tie-breaker for keyset pages.
    await runner.query(`CREATE INDEX deliveries_by_integration ON ingress.deliveries (integration_id, received_at DESC, event_id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ingress.deliveries');
    await runner.query('DROP TABLE ingress.integrations');
  }
}
