import { type IncidentEvent, topics } from '@hookline/contracts/events';
import type { Inbox } from '@hookline/platform/persistence';
import { projectIncidentEvent, publicIdOf } from './incident-projection';
import type { IncidentStore } from './incident-store';

/**
 * Applies incident events to the public incidents, one Postgres transaction
 * per event: the inbox row, the revision check and the change commit
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
    const outcome = await this.inbox.processOnce({ id: event.id, topic: topics.incident.name }, async (manager) => {
      const id = publicIdOf(event.data.incidentId);
      await this.store.lock(manager, id);
      const projection = projectIncidentEvent(await this.store.byId(manager, id), event, this.publishDelayMs);
      if (!projection) return false;
      await this.store.save(manager, projection.incident, projection.updates);
      return true;
    });
    const changed = outcome.processed && outcome.result;
    if (changed) this.onChanged();
    return changed;
  }
}
