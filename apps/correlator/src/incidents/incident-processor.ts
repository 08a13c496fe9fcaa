import { Inject, Injectable, Optional } from '@nestjs/common';
import { type AlertEvent, createEvent, eventIdFor, type EventOf, topics } from '@hookline/contracts/events';
import { Inbox, Outbox } from '@hookline/platform/persistence';
import { OutboxRelayHost } from '@hookline/platform/service';
import { DataSource, type EntityManager } from 'typeorm';
import type { CorrelatorSettings } from '../config';
import { CORRELATOR_SETTINGS } from '../correlator-settings.token';
import { ServiceDirectory } from './correlation-policy';
import type { IncidentRecord } from './incident-records';
import { type AlertRef, IncidentStore } from './incident-store';
import { type CommandOutcome, type IncidentChange, IncidentWorkspace } from './incident-workspace';

export interface BatchResult {
  /** Alert events applied (not seen before). */
  applied: number;
  /** Incident events written to the outbox. */
  published: number;
}

/** What a command decided, and the incident after it. */
export interface CommandResult<T> {
  outcome: T | 'not_found';
  incident?: IncidentRecord;
}

/**
 * Units of work over incidents, each one Postgres transaction: lock the
 * correlation keys, load, apply in the workspace, write the changes, the
 * incident events (outbox) and the processed alert ids (inbox) together.
 * A crash at any point leaves either all of it or none of it.
 */
@Injectable()
export class IncidentProcessor {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(IncidentStore) private readonly store: IncidentStore,
    @Inject(ServiceDirectory) private readonly directory: ServiceDirectory,
    @Inject(CORRELATOR_SETTINGS) private readonly settings: Pick<CorrelatorSettings, 'policy'>,
    /**
     * Woken after a commit that wrote incident events, to publish them without
     * waiting for its poll. Absent where nothing relays this outbox (specs that
     * read the outbox themselves).
     */
    @Optional() @Inject(OutboxRelayHost) private readonly relay?: Pick<OutboxRelayHost, 'wake'>,
  ) {}

  /** A batch of alert events of one partition, in order. A redelivered event is skipped by the inbox. */
  async processAlerts(events: readonly AlertEvent[]): Promise<BatchResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      const toApply = await this.inbox.claim(manager, topics.alert.name, events);
      if (toApply.length === 0) return { applied: 0, published: 0 };

      const keys = [...new Set(toApply.map((event) => event.data.correlationKey))];
      await this.store.lockKeys(manager, keys);
      const incidents = await this.store.latestForKeys(manager, keys);
      const alerts = await this.store.alerts(manager, alertRefs(incidents, toApply), pendingIds(incidents));

      const workspace = new IncidentWorkspace(this.settings.policy, this.directory, { incidents, alerts });
      for (const event of toApply) workspace.applyAlert(event);
      const published = await this.commit(manager, workspace);
      return { applied: toApply.length, published };
    });
    if (result.published > 0) this.relay?.wake();
    return result;
  }

  /**
   * A change to one incident from outside the alert stream (the API, a
   * timer), under the same key lock as alert batches.
   */
  async command<T extends CommandOutcome | boolean>(
    incidentId: string,
    act: (workspace: IncidentWorkspace) => T,
  ): Promise<CommandResult<T>> {
    let published = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      const unlocked = await this.store.incident(manager, incidentId);
      if (!unlocked) return { outcome: 'not_found' as const };
      await this.store.lockKeys(manager, [unlocked.correlationKey]);
      const incident = await this.store.incident(manager, incidentId);
      if (!incident) return { outcome: 'not_found' as const };
      const alerts = await this.store.alerts(manager, [], [incident.id]);
      const workspace = new IncidentWorkspace(this.settings.policy, this.directory, { incidents: [incident], alerts });
      const outcome = act(workspace);
      published = await this.commit(manager, workspace);
      const after = workspace.incident(incidentId);
      return { outcome, ...(after ? { incident: after } : {}) };
    });
    if (published > 0) this.relay?.wake();
    return result;
  }

  private async commit(manager: EntityManager, workspace: IncidentWorkspace): Promise<number> {
    const changes = workspace.changes();
    await this.store.save(manager, changes);
    await this.outbox.enqueue(manager, topics.incident, changes.events.map(toIncidentEvent));
    return changes.events.length;
  }
}

/**
 * The id is derived from the incident and its revision: recomputing the same
 * change (a batch retried after its transaction rolled back) yields the same
 * event id, and no two different changes ever share one.
 */
export function toIncidentEvent(change: IncidentChange): EventOf<typeof topics.incident> {
  return createEvent(
    topics.incident,
    {
      type: change.type,
      source: 'hookline/correlator',
      subject: change.data.incidentId,
      ...(change.causationId ? { causationId: change.causationId } : {}),
      data: change.data,
    },
    { id: eventIdFor(`incident/${change.data.incidentId}/revision/${change.data.revision}`) },
  );
}

function alertRefs(incidents: readonly IncidentRecord[], events: readonly AlertEvent[]): AlertRef[] {
  const incidentOfKey = new Map(incidents.map((incident) => [incident.correlationKey, incident.id]));
  const refs = new Map<string, AlertRef>();
  for (const { data } of events) {
    const incidentId = incidentOfKey.get(data.correlationKey);
    if (incidentId) refs.set(`${incidentId}\u0000${data.integrationId}\u0000${data.fingerprint}`, { incidentId, integrationId: data.integrationId, fingerprint: data.fingerprint });
  }
  return [...refs.values()];
}

function pendingIds(incidents: readonly IncidentRecord[]): string[] {
  return incidents.filter((incident) => incident.status === 'pending').map((incident) => incident.id);
}
