import { type IncidentEvent, topics } from '@hookline/contracts/events';
import type { Inbox } from '@hookline/platform/persistence';
import { projectIncidentEvent, publicIdOf } from './incident-projection';
import type { PublicIncident } from './public-incident';
import type { IncidentStore } from './incident-store';

/**
 * Applies incident events to the public incidents, one Postgres transaction
 * per batch: the inbox rows, the revision checks and the changes commit
 * together, so a redelivered or replayed event changes nothing.
 */
export class IncidentIngestor {
  constructor(
    private readonly inbox: Inbox,
    private readonly store: IncidentStore,
    private readonly publishDelayMs: number,
    /** Called after a commit that changed the page, so cached renderings are dropped. */
    private readonly onChanged: () => void = () => undefined,
  ) {}

  /** True when the event changed what the page shows. */
  async apply(event: IncidentEvent): Promise<boolean> {
    return this.applyBatch([event]);
  }

  /** True when any event of the batch changed what the page shows. */
  async applyBatch(events: readonly IncidentEvent[]): Promise<boolean> {
    const changed = await this.inbox.processBatchOnce(topics.incident.name, events, async (manager, fresh) => {
      await this.store.lockAll(manager, fresh.map((event) => publicIdOf(event.data.incidentId)));
      // What each incident looks like after the batch's earlier events: read once, then kept.
      const current = new Map<string, PublicIncident | undefined>();
      let anyChange = false;
      for (const event of fresh) {
        const id = publicIdOf(event.data.incidentId);
        const before = current.has(id) ? current.get(id) : await this.store.byId(manager, id);
        const projection = projectIncidentEvent(before, event, this.publishDelayMs);
        current.set(id, projection?.incident ?? before);
        if (!projection) continue;
        await this.store.save(manager, projection.incident, projection.updates);
        anyChange = true;
      }
      return anyChange;
    });
    if (changed) this.onChanged();
    return changed ?? false;
  }
}
