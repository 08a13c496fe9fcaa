import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { IncidentPolicy, SourceKind } from '@hookline/contracts/events';
import type { Logger } from '@hookline/platform/observability';
import { queryRow } from '@hookline/platform/persistence';
import { LOGGER } from '@hookline/platform/service';
import type { BlockList } from 'node:net';
import { DataSource, In } from 'typeorm';
import { z } from 'zod';
import type { FieldMapping } from '@hookline/webhooks/sources';
import type { IntegrationAuth } from './integration-auth';
import { Integration } from './integration.entity';
import { parseAllowlist } from './ip-allowlist';
import { routingKeyDigest } from './routing-key';
import { SecretBox } from './secret-box';
import type { ForeignAlertPolicy } from './service-binding';

/** What the hot path needs of an integration, decrypted and parsed once, not per request. */
export interface ActiveIntegration {
  id: string;
  source: SourceKind;
  auth: IntegrationAuth;
  /** Sealed secrets with their expiry (a routing key is not among them: see `lookupRoutingKey`); `secretsAt(now)` drops a rotated-out secret the moment its grace period ends. */
  secrets: { value: string; expiresAt: number | null }[];
  service: string | undefined;
  /** The services it may speak for; undefined: any. */
  binding: { services: ReadonlySet<string>; foreignAlerts: ForeignAlertPolicy } | undefined;
  allowList: BlockList | undefined;
  rateLimitPerMinute: number | undefined;
  correlationTemplate: string | undefined;
  fieldMapping: FieldMapping | undefined;
  incidentPolicy: IncidentPolicy | undefined;
}

export function secretsAt(integration: ActiveIntegration, now: number): string[] {
  return integration.secrets.filter((secret) => secret.expiresAt === null || secret.expiresAt > now).map((secret) => secret.value);
}

/** How often each replica looks for changes made elsewhere; a committed change is live everywhere within about this long (docs/ingress.md). */
export const registryPollIntervalMs = 2_000;

/** One poll's answer: the rows changed since the horizon, and the horizon for the next poll. */
const changedSinceRow = z.object({ horizon: z.string(), changed: z.array(z.object({ id: z.string(), xid: z.string() })) });

/**
 * The integrations, in memory: no Postgres round trip per webhook. Changes
 * made through this process's admin API apply at once (`reload(id)`); changes
 * made through another replica (or by hand in psql) are picked up by polling
 * every two seconds, which needs no extra connection and survives a Postgres
 * restart.
 *
 * The poll goes by transaction, not by clock. Every write stamps the row with
 * its transaction id (`changed_xid`, a trigger); a poll reads, in one
 * snapshot, the rows stamped at or after the horizon, and takes as the next
 * horizon that snapshot's xmin: Postgres guarantees that every transaction
 * below it had finished, so any change that commits later carries an id at or
 * above it and is read by the next poll, however long its transaction ran and
 * whatever committed before it. (Polling `updated_at > newest seen` missed for
 * good a change whose transaction started before, and committed after, one
 * already seen.) A long transaction anywhere in the cluster holds the horizon
 * back; rows are then read again, and skipped when their stamp is the one
 * already applied.
 */
@Injectable()
export class IntegrationRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly byId = new Map<string, ActiveIntegration>();
  /** xid8 as text; 0 at start, so the first poll reads every row. */
  private horizon = '0';
  /** The stamp of the row version each id was last loaded from, so a held-back horizon re-reads but does not re-decrypt. */
  private readonly appliedXid = new Map<string, string>();
  /** A routing key's digest → the PagerDuty integration it selects, and until when (a rotated-out key). */
  private readonly routingKeys = new Map<string, { integrationId: string; expiresAt: number | null }>();
  private readonly routingKeysById = new Map<string, string[]>();
  private poller: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SecretBox) private readonly secretBox: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.poller = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'could not refresh integrations'));
    }, registryPollIntervalMs);
    this.poller.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.poller);
  }

  /** An enabled integration, or undefined (unknown and disabled look the same to a sender: 404). */
  lookup(id: string): ActiveIntegration | undefined {
    return this.byId.get(id);
  }

  /** The PagerDuty integration a routing key selects while the key is valid (`POST /v2/enqueue`); the key is compared by digest. */
  lookupRoutingKey(routingKey: string, now: number): ActiveIntegration | undefined {
    const entry = this.routingKeys.get(routingKeyDigest(routingKey));
    if (!entry || (entry.expiresAt !== null && entry.expiresAt <= now)) return undefined;
    return this.byId.get(entry.integrationId);
  }

  async reload(id: string): Promise<void> {
    const row = await this.dataSource.getRepository(Integration).findOneBy({ id });
    // Its stamp is unknown here: the next poll that sees the row applies it again.
    this.appliedXid.delete(id);
    if (row) this.apply(row);
    else this.byId.delete(id);
  }

  /** One poll: applies every integration changed since the last one, including changes that committed out of order. */
  async refresh(): Promise<void> {
    // Repeatable read: the horizon, the changed ids and the rows all come from one snapshot.
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const since = await queryRow(
        manager,
        changedSinceRow,
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
                COALESCE((SELECT json_agg(json_build_object('id', id, 'xid', changed_xid::text))
                            FROM ingress.integrations WHERE changed_xid >= $1::xid8), '[]'::json) AS changed`,
        [this.horizon],
      );
      if (!since) throw new Error('the registry poll returned no row');
      const stale = since.changed.filter((row) => this.appliedXid.get(row.id) !== row.xid);
      const rows = stale.length === 0 ? [] : await manager.getRepository(Integration).findBy({ id: In(stale.map((row) => row.id)) });
      for (const row of rows) this.apply(row);
      for (const row of stale) this.appliedXid.set(row.id, row.xid);
      this.horizon = since.horizon;
    });
  }

  private apply(row: Integration): void {
    this.byId.delete(row.id);
    for (const digest of this.routingKeysById.get(row.id) ?? []) this.routingKeys.delete(digest);
    this.routingKeysById.delete(row.id);
    if (!row.enabled) return;
    try {
      this.byId.set(row.id, this.activate(row));
      this.indexRoutingKeys(row);
    } catch (error) {
      // One unreadable row (sealed under another master key, say) must not take every other integration down with it.
      this.logger.error({ err: error, integrationId: row.id }, 'integration cannot be loaded; its webhooks answer 404 until it is fixed');
    }
  }

  private indexRoutingKeys(row: Integration): void {
    const digests: string[] = [];
    for (const secret of row.secrets) {
      if (secret.digest === undefined) continue;
      const holder = this.routingKeys.get(secret.digest);
      // The admin API refuses a key already in use; a row written by hand could still repeat one, and then the first keeps it.
      if (holder && holder.integrationId !== row.id) {
        this.logger.error({ integrationId: row.id, holder: holder.integrationId }, 'routing key already belongs to another integration; not used here');
        continue;
      }
      this.routingKeys.set(secret.digest, { integrationId: row.id, expiresAt: secret.expiresAt ? Date.parse(secret.expiresAt) : null });
      digests.push(secret.digest);
    }
    this.routingKeysById.set(row.id, digests);
  }

  private activate(row: Integration): ActiveIntegration {
    return {
      id: row.id,
      source: row.source,
      auth: row.auth,
      secrets: row.secrets.flatMap((secret) =>
        secret.sealed === undefined ? [] : [{ value: this.secretBox.open(secret.sealed, row.id), expiresAt: secret.expiresAt ? Date.parse(secret.expiresAt) : null }],
      ),
      service: row.service ?? undefined,
      binding: row.serviceBinding ? { services: new Set(row.serviceBinding.services), foreignAlerts: row.serviceBinding.foreignAlerts } : undefined,
      allowList: row.allowedIps.length > 0 ? parseAllowlist(row.allowedIps) : undefined,
      rateLimitPerMinute: row.rateLimitPerMinute ?? undefined,
      correlationTemplate: row.correlationTemplate ?? undefined,
      fieldMapping: (row.fieldMapping as FieldMapping | null) ?? undefined,
      incidentPolicy: row.incidentPolicy ?? undefined,
    };
  }
}
