import { Inject, Injectable } from '@nestjs/common';
import type { IncidentPolicy } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { randomBytes } from 'node:crypto';
import { DataSource, type Repository } from 'typeorm';
import type { IngressConfig } from '../config';
import { generateSecret } from '@hookline/webhooks/verification';
import { INGRESS_CONFIG } from '../ingress-config.token';
import { usesSecret } from './integration-auth';
import { Integration, type StoredSecret } from './integration.entity';
import type { CreateIntegration, UpdateIntegration } from './integration.schemas';
import { IntegrationRegistry } from './integration-registry';
import { SecretBox } from './secret-box';

/** An integration as the admin API shows it: never its secrets. */
export interface IntegrationView {
  id: string;
  name: string;
  source: string;
  auth: Integration['auth'];
  service: string | null;
  allowedIps: string[];
  rateLimitPerMinute: number | null;
  correlation: { template: string } | null;
  fieldMapping: unknown;
  incidentPolicy: IncidentPolicy | null;
  enabled: boolean;
  webhookUrl: string;
  /** While a rotation's grace period runs: when the previous secret stops verifying. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The admin use cases on integrations; every change is applied to this process's registry at once. */
@Injectable()
export class IntegrationsService {
  private readonly repository: Repository<Integration>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(SecretBox) private readonly secretBox: SecretBox,
    @Inject(IntegrationRegistry) private readonly registry: IntegrationRegistry,
    @Inject(INGRESS_CONFIG) private readonly config: IngressConfig['ingress'],
  ) {
    this.repository = dataSource.getRepository(Integration);
  }

  /** Creates an integration; the secret, where the scheme has one, is returned here once and never again. */
  async create(input: CreateIntegration): Promise<{ integration: IntegrationView; secret?: string }> {
    // 128 bits of randomness: the id is in the webhook URL, and for PagerDuty it is the routing key.
    const id = `int_${randomBytes(16).toString('base64url')}`;
    const secret = usesSecret(input.auth) ? generateSecret(input.auth) : undefined;
    const integration = this.repository.create({
      id,
      name: input.name,
      source: input.source,
      auth: input.auth,
      secrets: secret ? [this.sealed(secret, id, null)] : [],
      service: input.service ?? null,
      allowedIps: input.allowedIps ?? [],
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      correlationTemplate: input.correlation?.template ?? null,
      fieldMapping: input.fieldMapping ?? null,
      incidentPolicy: input.incidentPolicy ?? null,
      enabled: true,
    });
    await this.repository.save(integration);
    await this.registry.reload(id);
    return secret ? { integration: this.view(integration), secret } : { integration: this.view(integration) };
  }

  async list(): Promise<IntegrationView[]> {
    return (await this.repository.find({ order: { createdAt: 'ASC' } })).map((integration) => this.view(integration));
  }

  async get(id: string): Promise<IntegrationView> {
    return this.view(await this.find(id));
  }

  async update(id: string, patch: UpdateIntegration): Promise<IntegrationView> {
    const integration = await this.find(id);
    if (patch.name !== undefined) integration.name = patch.name;
    if (patch.service !== undefined) integration.service = patch.service;
    if (patch.allowedIps !== undefined) integration.allowedIps = patch.allowedIps;
    if (patch.rateLimitPerMinute !== undefined) integration.rateLimitPerMinute = patch.rateLimitPerMinute;
    if (patch.correlation !== undefined) integration.correlationTemplate = patch.correlation?.template ?? null;
    if (patch.fieldMapping !== undefined) integration.fieldMapping = patch.fieldMapping;
    if (patch.incidentPolicy !== undefined) integration.incidentPolicy = patch.incidentPolicy;
    if (patch.enabled !== undefined) integration.enabled = patch.enabled;
    await this.repository.save(integration);
    await this.registry.reload(id);
    return this.view(integration);
  }

  /** `DELETE` disables rather than deletes: the delivery log keeps pointing at something. */
  async disable(id: string): Promise<IntegrationView> {
    return this.update(id, { enabled: false });
  }

  /** A new secret verifies at once; the current one keeps verifying for the grace period, then stops. */
  async rotateSecret(id: string, now = new Date()): Promise<{ integration: IntegrationView; secret: string }> {
    const integration = await this.find(id);
    if (!usesSecret(integration.auth)) {
      throw new HooklineError('conflict', `integration ${id} uses ${integration.auth.scheme}, which has no secret to rotate`);
    }
    const secret = generateSecret(integration.auth);
    const graceEnds = new Date(now.getTime() + this.config.secretGraceMs).toISOString();
    const stillValid = integration.secrets.filter((stored) => stored.expiresAt === null || Date.parse(stored.expiresAt) > now.getTime());
    const [current] = stillValid.filter((stored) => stored.expiresAt === null);
    integration.secrets = [this.sealed(secret, id, null), ...(current ? [{ ...current, expiresAt: graceEnds }] : [])];
    await this.repository.save(integration);
    await this.registry.reload(id);
    return { integration: this.view(integration), secret };
  }

  private async find(id: string): Promise<Integration> {
    const integration = await this.repository.findOneBy({ id });
    if (!integration) throw new HooklineError('not_found', `no integration ${id}`);
    return integration;
  }

  private sealed(secret: string, id: string, expiresAt: string | null): StoredSecret {
    return { sealed: this.secretBox.seal(secret, id), createdAt: new Date().toISOString(), expiresAt };
  }

  private view(integration: Integration): IntegrationView {
    const previous = integration.secrets.find((stored) => stored.expiresAt !== null);
    return {
      id: integration.id,
      name: integration.name,
      source: integration.source,
      auth: integration.auth,
      service: integration.service,
      allowedIps: integration.allowedIps,
      rateLimitPerMinute: integration.rateLimitPerMinute,
      correlation: integration.correlationTemplate ? { template: integration.correlationTemplate } : null,
      fieldMapping: integration.fieldMapping,
      incidentPolicy: integration.incidentPolicy,
      enabled: integration.enabled,
      webhookUrl:
        integration.auth.scheme === 'routing-key'
          ? `${this.config.publicUrl}/v2/enqueue`
          : `${this.config.publicUrl}/webhooks/${integration.id}`,
      previousSecretExpiresAt: previous?.expiresAt ?? null,
      createdAt: integration.createdAt.toISOString(),
      updatedAt: integration.updatedAt.toISOString(),
    };
  }
}
