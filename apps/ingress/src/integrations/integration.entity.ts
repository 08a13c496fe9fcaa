import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { IncidentPolicy, SourceKind } from '@hookline/contracts/events';
import type { IntegrationAuth } from './integration-auth';
import type { ServiceBinding } from './service-binding';

/**
 * One secret of an integration; `expiresAt` is set on the previous secret
 * during a rotation. A signing or token secret is sealed (the ingress needs it
 * back to verify); a PagerDuty routing key is kept as its digest only (it is
 * looked up, never used), see routing-key.ts.
 */
export type StoredSecret = { createdAt: string; expiresAt: string | null } & (
  | { sealed: string; digest?: never; isIntegrationId?: never }
  | {
      digest: string;
      sealed?: never;
      /** Set by the migration on PagerDuty integrations made before routing keys were secrets: this key is the integration id. */
      isIntegrationId?: true;
    }
);

/** A webhook integration: where a sender posts, how it is verified and parsed (ingress.integrations). */
@Entity({ name: 'integrations' })
export class Integration {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  source!: SourceKind;

  @Column('jsonb')
  auth!: IntegrationAuth;

  /** Newest first. Sealed with the master key (see SecretBox) or digested; never returned by the API. */
  @Column('jsonb')
  secrets!: StoredSecret[];

  @Column('text', { nullable: true })
  service!: string | null;

  /** Null: the integration may report on any service. */
  @Column('jsonb', { name: 'service_binding', nullable: true })
  serviceBinding!: ServiceBinding | null;

  @Column('text', { name: 'allowed_ips', array: true })
  allowedIps!: string[];

  @Column('integer', { name: 'rate_limit_per_minute', nullable: true })
  rateLimitPerMinute!: number | null;

  @Column('text', { name: 'correlation_template', nullable: true })
  correlationTemplate!: string | null;

  @Column('jsonb', { name: 'field_mapping', nullable: true })
  fieldMapping!: unknown;

  @Column('jsonb', { name: 'incident_policy', nullable: true })
  incidentPolicy!: IncidentPolicy | null;

  /** The catalog team that owns it: who to ask when it fails or falls silent. */
  @Column('text', { name: 'owner_team', nullable: true })
  ownerTeam!: string | null;

  /** What makes the sender call it (which rules, which alerts), in the owner's words. */
  @Column('text', { nullable: true })
  description!: string | null;

  /** The dead-man's switch: nothing accepted for longer than this makes it `silent`. Null: no expectation. */
  @Column('integer', { name: 'expect_every_seconds', nullable: true })
  expectEverySeconds!: number | null;

  @Column('boolean')
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
