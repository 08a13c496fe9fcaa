import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { IncidentPolicy, SourceKind } from '@hookline/contracts/events';
import type { Logger } from '@hookline/platform/observability';
import { LOGGER } from '@hookline/platform/service';
import type { BlockList } from 'node:net';
import { DataSource, MoreThan } from 'typeorm';
import type { FieldMapping } from '@hookline/webhooks/sources';
import type { IntegrationAuth } from './integration-auth';
import { Integration } from './integration.entity';
import { parseAllowlist } from './ip-allowlist';
import { SecretBox } from './secret-box';

/** What the hot path needs of an integration, decrypted and parsed once, not per request. */
export interface ActiveIntegration {
  id: string;
  source: SourceKind;
  auth: IntegrationAuth;
  /** Secrets with their expiry; `secretsAt(now)` drops a rotated-out secret the moment its grace period ends. */
  secrets: { value: string; expiresAt: number | null }[];
  service: string | undefined;
  allowList: BlockList | undefined;
  rateLimitPerMinute: number | undefined;
  correlationTemplate: string | undefined;
  fieldMapping: FieldMapping | undefined;
  incidentPolicy: IncidentPolicy | undefined;
}

export function secretsAt(integration: ActiveIntegration, now: number): string[] {
  return integration.secrets.filter((secret) => secret.expiresAt === null || secret.expiresAt > now).map((secret) => secret.value);
}

const pollIntervalMs = 2_000;

/**
 * The integrations, in memory: no Postgres round trip per webhook. Changes
 * made through this process's admin API apply at once (`reload(id)`); changes
 * made through another replica are picked up by polling `updated_at` every
 * two seconds, which needs no extra connection and survives a Postgres restart.
 */
@Injectable()
export class IntegrationRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly byId = new Map<string, ActiveIntegration>();
  private lastUpdatedAt = new Date(0);
  private poller: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SecretBox) private readonly secretBox: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reloadChanged();
    this.poller = setInterval(() => {
      this.reloadChanged().catch((error: unknown) => this.logger.warn({ err: error }, 'could not refresh integrations'));
    }, pollIntervalMs);
    this.poller.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.poller);
  }

  /** An enabled integration, or undefined (unknown and disabled look the same to a sender: 404). */
  lookup(id: string): ActiveIntegration | undefined {
    return this.byId.get(id);
  }

  async reload(id: string): Promise<void> {
    const row = await this.dataSource.getRepository(Integration).findOneBy({ id });
    if (row) this.apply(row);
    else this.byId.delete(id);
  }

  private async reloadChanged(): Promise<void> {
    const rows = await this.dataSource.getRepository(Integration).find({
      where: { updatedAt: MoreThan(this.lastUpdatedAt) },
      order: { updatedAt: 'ASC' },
    });
    for (const row of rows) this.apply(row);
  }

  private apply(row: Integration): void {
    if (row.updatedAt > this.lastUpdatedAt) this.lastUpdatedAt = row.updatedAt;
    this.byId.delete(row.id);
    if (!row.enabled) return;
    try {
      this.byId.set(row.id, this.activate(row));
    } catch (error) {
      // One unreadable row (sealed under another master key, say) must not take every other integration down with it.
      this.logger.error({ err: error, integrationId: row.id }, 'integration cannot be loaded; its webhooks answer 404 until it is fixed');
    }
  }

  private activate(row: Integration): ActiveIntegration {
    return {
      id: row.id,
      source: row.source,
      auth: row.auth,
      secrets: row.secrets.map((secret) => ({
        value: this.secretBox.open(secret.sealed, row.id),
        expiresAt: secret.expiresAt ? Date.parse(secret.expiresAt) : null,
      })),
      service: row.service ?? undefined,
      allowList: row.allowedIps.length > 0 ? parseAllowlist(row.allowedIps) : undefined,
      rateLimitPerMinute: row.rateLimitPerMinute ?? undefined,
      correlationTemplate: row.correlationTemplate ?? undefined,
      fieldMapping: (row.fieldMapping as FieldMapping | null) ?? undefined,
      incidentPolicy: row.incidentPolicy ?? undefined,
    };
  }
}
