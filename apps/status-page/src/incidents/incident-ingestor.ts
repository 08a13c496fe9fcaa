import { Inject, Injectable } from '@nestjs/common';
import { type IncidentEvent, topics } from '@hookline/contracts/events';
import { Inbox } from '@hookline/platform/persistence';
import type { StatusPageSettings } from '../config';
import { StatusReader } from '../public/status-reader';
import { STATUS_PAGE_SETTINGS } from '../status-page-settings.token';
import { projectIncidentEvent, publicIdOf } from './incident-projection';
import type { PublicIncident } from './public-incident';
import { IncidentStore } from './incident-store';

/**
 * Applies incident events to the public incidents, one Postgres transaction
 * per batch: the inbox rows, the revision checks and the changes commit
 * together, so a redelivered or replayed event changes nothing.
 */
@Injectable()
export class IncidentIngestor {
  private readonly publishDelayMs: number;

  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(IncidentStore) private readonly store: IncidentStore,
    @Inject(STATUS_PAGE_SETTINGS) settings: Pick<StatusPageSettings, 'publishDelaySeconds'>,
    /** Told after a commit that changed the page, so cached renderings are dropped. */
    @Inject(StatusReader) private readonly reader: Pick<StatusReader, 'invalidate'>,
  ) {
    this.publishDelayMs = settings.publishDelaySeconds * 1000;
  }

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
    if (changed) this.reader.invalidate();
    return changed ?? false;
  }
}
