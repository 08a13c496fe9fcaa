import { Inject, Injectable } from '@nestjs/common';
import { Catalog } from '@hookline/catalog';
import type { IncidentPolicy } from '@hookline/contracts/events';
import { HooklineError } from '@hookline/platform/errors';
import { randomBytes } from 'node:crypto';
import { DataSource, type Repository } from 'typeorm';
import type { IngressConfig } from '../config';
import { INGRESS_CONFIG } from '../ingress-config.token';
import { type IntegrationAuth, newSecretFor } from './integration-auth';
import { Integration, type StoredSecret } from './integration.entity';
import type { CreateIntegration, RotateSecret, UpdateIntegration } from './integration.schemas';
import { enteredSecretProblems } from './secret-format';
import { type IntegrationActivityRecord, IntegrationActivity, noActivity, type TestOutcome } from './integration-activity';
import { type IntegrationHealth, integrationHealth } from './integration-health';
import { IntegrationRegistry } from './integration-registry';
import { routingKeyDigest } from './routing-key';
import { SecretBox } from './secret-box';
import type { ServiceBinding } from './service-binding';

/** An integration as the admin API shows it: never its secrets. */
export interface IntegrationView {
  id: string;
  name: string;
  source: string;
  auth: Integration['auth'];
  service: string | null;
  serviceBinding: ServiceBinding | null;
  allowedIps: string[];
  rateLimitPerMinute: number | null;
  correlation: { template: string } | null;
  fieldMapping: unknown;
  incidentPolicy: IncidentPolicy | null;
  enabled: boolean;
  /** The catalog team that owns it. */
  owner: string | null;
  description: string | null;
  /** The dead-man's switch: nothing accepted for longer than this makes it `silent`. */
  expectEverySeconds: number | null;
  /** From the delivery log's writer, so as fresh as the log. */
  lastAcceptedAt: string | null;
  lastRefusedAt: string | null;
  /** The last refusal (or 5xx): its status, outcome and what the sender was told. */
  lastRefusal: { httpStatus: number; outcome: string; reason: string | null } | null;
  /** The last `POST /api/integrations/:id/test`. */
  lastTestAt: string | null;
  lastTestOutcome: TestOutcome | null;
  lastTestDetail: string | null;
  /** ok, failing or silent (docs/ingress.md, "Who owns this, and does it still work?"), and why. */
  health: IntegrationHealth['state'];
  healthReason: string | null;
  webhookUrl: string;
  /** While a rotation's grace period runs: when the previous secret stops verifying. */
  previousSecretExpiresAt: string | null;
  /** Each secret that still verifies, current first: when it was made and how old it is; never the secret. */
  secrets: SecretView[];
  createdAt: string;
  updatedAt: string;
}

export interface SecretView {
  state: 'current' | 'previous';
  createdAt: string;
  ageSeconds: number;
  /** The previous secret's end of grace; null for the current one. */
  expiresAt: string | null;
  /** A PagerDuty integration made before routing keys were secrets: its key is its id, which has been in events and logs. Rotate it. */
  isIntegrationId?: true;
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
    @Inject(Catalog) private readonly catalog: Catalog,
    @Inject(IntegrationActivity) private readonly activity: IntegrationActivity,
  ) {
    this.repository = dataSource.getRepository(Integration);
  }

  /** Creates an integration; its secret (for PagerDuty: its routing key) is returned here once and never again. */
  async create(input: CreateIntegration): Promise<{ integration: IntegrationView; secret: string }> {
    this.refuseUnknownBinding(input.serviceBinding ?? null, input.service ?? null);
    this.refuseUnknownOwner(input.owner ?? null);
    // 128 bits of randomness: the id is in the webhook URL.
    const id = `int_${randomBytes(16).toString('base64url')}`;
    const secret = input.secret ?? newSecretFor(input.auth);
    const stored = this.stored(secret, id, input.auth, null);
    await this.refuseRoutingKeyInUse(stored);
    const integration = this.repository.create({
      id,
      name: input.name,
      source: input.source,
      auth: input.auth,
      secrets: [stored],
      service: input.service ?? null,
      serviceBinding: input.serviceBinding ?? null,
      allowedIps: input.allowedIps ?? [],
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      correlationTemplate: input.correlation?.template ?? null,
      fieldMapping: input.fieldMapping ?? null,
      incidentPolicy: input.incidentPolicy ?? null,
      ownerTeam: input.owner ?? null,
      description: input.description ?? null,
      expectEverySeconds: input.expectEvery ?? null,
      enabled: true,
    });
    await this.repository.save(integration);
    await this.registry.reload(id);
    return { integration: this.view(integration), secret };
  }

  async list(): Promise<IntegrationView[]> {
    const integrations = await this.repository.find({ order: { createdAt: 'ASC' } });
    const activity = await this.activity.of(integrations.map((integration) => integration.id));
    return integrations.map((integration) => this.view(integration, activity.get(integration.id)));
  }

  async get(id: string): Promise<IntegrationView> {
    return this.viewWithActivity(await this.find(id));
  }

  /** The outcome of the test action, shown as `lastTestAt` and `lastTestOutcome`. */
  recordTest(id: string, outcome: TestOutcome, detail: string | null): Promise<void> {
    return this.activity.recordTest(id, outcome, detail);
  }

  async update(id: string, patch: UpdateIntegration): Promise<IntegrationView> {
    const integration = await this.find(id);
    if (patch.name !== undefined) integration.name = patch.name;
    if (patch.service !== undefined) integration.service = patch.service;
    if (patch.serviceBinding !== undefined) integration.serviceBinding = patch.serviceBinding;
    if (patch.service !== undefined || patch.serviceBinding !== undefined) this.refuseUnknownBinding(integration.serviceBinding, integration.service);
    if (patch.allowedIps !== undefined) integration.allowedIps = patch.allowedIps;
    if (patch.rateLimitPerMinute !== undefined) integration.rateLimitPerMinute = patch.rateLimitPerMinute;
    if (patch.correlation !== undefined) integration.correlationTemplate = patch.correlation?.template ?? null;
    if (patch.fieldMapping !== undefined) integration.fieldMapping = patch.fieldMapping;
    if (patch.incidentPolicy !== undefined) integration.incidentPolicy = patch.incidentPolicy;
    if (patch.owner !== undefined) this.refuseUnknownOwner((integration.ownerTeam = patch.owner));
    if (patch.description !== undefined) integration.description = patch.description;
    if (patch.expectEvery !== undefined) integration.expectEverySeconds = patch.expectEvery;
    if (patch.enabled !== undefined) integration.enabled = patch.enabled;
    await this.repository.save(integration);
    await this.registry.reload(id);
    return this.viewWithActivity(integration);
  }

  /** `DELETE` disables rather than deletes: the delivery log keeps pointing at something. */
  async disable(id: string): Promise<IntegrationView> {
    return this.update(id, { enabled: false });
  }

  /**
   * A new secret (or routing key), generated or entered, verifies at once;
   * the current one keeps verifying for the grace period, then stops.
   */
  async rotateSecret(id: string, input: RotateSecret = {}, now = new Date()): Promise<{ integration: IntegrationView; secret: string }> {
    const integration = await this.find(id);
    refuseInvalidBody(input.secret === undefined ? [] : enteredSecretProblems(integration.auth, input.secret).map((problem) => `secret: ${problem}`));
    const secret = input.secret ?? newSecretFor(integration.auth);
    const stored = this.stored(secret, id, integration.auth, null);
    await this.refuseRoutingKeyInUse(stored);
    const graceEnds = new Date(now.getTime() + this.config.secretGraceMs).toISOString();
    const current = integration.secrets.find((kept) => kept.expiresAt === null);
    integration.secrets = [stored, ...(current ? [{ ...current, expiresAt: graceEnds }] : [])];
    await this.repository.save(integration);
    await this.registry.reload(id);
    return { integration: await this.viewWithActivity(integration, now), secret };
  }

  /** Ends a rotation's grace period now: only the current secret verifies, on every replica within the registry's poll. */
  async revokePreviousSecret(id: string, now = new Date()): Promise<{ revoked: boolean; integration: IntegrationView }> {
    const integration = await this.find(id);
    const current = integration.secrets.filter((kept) => kept.expiresAt === null);
    // Revoked: a previous secret that still verified; one past its grace is only tidied away.
    const revoked = integration.secrets.some((kept) => kept.expiresAt !== null && Date.parse(kept.expiresAt) > now.getTime());
    if (current.length < integration.secrets.length) {
      integration.secrets = current;
      await this.repository.save(integration);
      await this.registry.reload(id);
    }
    return { revoked, integration: await this.viewWithActivity(integration) };
  }

  /**
   * A binding names catalog services (400 naming those the catalog does not
   * know: a typo would refuse every alert), and holds the integration's own
   * default service, which its alerts without one get.
   */
  private refuseUnknownBinding(binding: ServiceBinding | null, defaultService: string | null): void {
    if (binding === null) return;
    const problems: string[] = [];
    const unknown = binding.services.filter((name) => this.catalog.service(name) === undefined);
    if (unknown.length > 0) problems.push(`serviceBinding.services: not in the service catalog: ${unknown.join(', ')}`);
    if (defaultService !== null && !binding.services.includes(defaultService)) {
      problems.push(`service: ${defaultService} is not among serviceBinding.services, so every alert without a service of its own would be foreign`);
    }
    refuseInvalidBody(problems);
  }

  /** An owner is a team the catalog names: a typo would leave nobody to ask. */
  private refuseUnknownOwner(owner: string | null): void {
    if (owner !== null && this.catalog.team(owner) === undefined) refuseInvalidBody([`owner: not a team in the service catalog: ${owner}`]);
  }

  private async find(id: string): Promise<Integration> {
    const integration = await this.repository.findOneBy({ id });
    if (!integration) throw new HooklineError('not_found', `no integration ${id}`);
    return integration;
  }

  /** A routing key is kept as its digest (it is looked up, never used); every other secret sealed (it is needed to verify). */
  private stored(secret: string, id: string, auth: IntegrationAuth, expiresAt: string | null): StoredSecret {
    const createdAt = new Date().toISOString();
    return auth.scheme === 'routing-key'
      ? { digest: routingKeyDigest(secret), createdAt, expiresAt }
      : { sealed: this.secretBox.seal(secret, id), createdAt, expiresAt };
  }

  /** Two integrations cannot share a routing key (an entered one could repeat): it selects the integration. */
  private async refuseRoutingKeyInUse(stored: StoredSecret): Promise<void> {
    if (stored.digest === undefined) return;
    const holder = await this.repository
      .createQueryBuilder('integration')
      .where('integration.secrets @> CAST(:probe AS jsonb)', { probe: JSON.stringify([{ digest: stored.digest }]) })
      .getExists();
    if (holder) throw new HooklineError('conflict', 'this routing key is already used by another integration; choose another');
  }

  private async viewWithActivity(integration: Integration, now = new Date()): Promise<IntegrationView> {
    return this.view(integration, (await this.activity.of([integration.id])).get(integration.id), now);
  }

  private view(integration: Integration, activity: IntegrationActivityRecord = noActivity, now = new Date()): IntegrationView {
    const health = integrationHealth(integration, activity, now);
    const live = integration.secrets.filter((kept) => kept.expiresAt === null || Date.parse(kept.expiresAt) > now.getTime());
    const previous = live.find((kept) => kept.expiresAt !== null);
    return {
      id: integration.id,
      name: integration.name,
      source: integration.source,
      auth: integration.auth,
      service: integration.service,
      serviceBinding: integration.serviceBinding,
      allowedIps: integration.allowedIps,
      rateLimitPerMinute: integration.rateLimitPerMinute,
      correlation: integration.correlationTemplate ? { template: integration.correlationTemplate } : null,
      fieldMapping: integration.fieldMapping,
      incidentPolicy: integration.incidentPolicy,
      enabled: integration.enabled,
      owner: integration.ownerTeam,
      description: integration.description,
      expectEverySeconds: integration.expectEverySeconds,
      lastAcceptedAt: activity.lastAcceptedAt?.toISOString() ?? null,
      lastRefusedAt: activity.lastRefused?.at.toISOString() ?? null,
      lastRefusal: activity.lastRefused ? { httpStatus: activity.lastRefused.httpStatus, outcome: activity.lastRefused.outcome, reason: activity.lastRefused.reason } : null,
      lastTestAt: activity.lastTest?.at.toISOString() ?? null,
      lastTestOutcome: activity.lastTest?.outcome ?? null,
      lastTestDetail: activity.lastTest?.detail ?? null,
      health: health.state,
      healthReason: health.reason,
      webhookUrl:
        integration.auth.scheme === 'routing-key'
          ? `${this.config.publicUrl}/v2/enqueue`
          : `${this.config.publicUrl}/webhooks/${integration.id}`,
      previousSecretExpiresAt: previous?.expiresAt ?? null,
      secrets: live.map((kept) => ({
        state: kept.expiresAt === null ? 'current' : 'previous',
        createdAt: new Date(kept.createdAt).toISOString(),
        ageSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(kept.createdAt)) / 1000)),
        expiresAt: kept.expiresAt,
        ...(kept.isIntegrationId ? { isIntegrationId: true as const } : {}),
      })),
      createdAt: integration.createdAt.toISOString(),
      updatedAt: integration.updatedAt.toISOString(),
    };
  }
}

/** Problems only the service can see (they need the stored integration or the catalog), in the words ZodPipe uses for the rest. */
function refuseInvalidBody(problems: readonly string[]): void {
  if (problems.length > 0) throw new HooklineError('invalid_input', `request body is invalid: ${problems.join('; ')}`, { details: [...problems] });
}
