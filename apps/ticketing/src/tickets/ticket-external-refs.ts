import { type ExternalTicketRef, topics } from '@hookline/contracts/events';
import type { Outbox } from '@hookline/platform/persistence';
import type { DataSource } from 'typeorm';
import type { ExternalRefs } from '../sync/sync-worker';
import { toTicketEvent } from './ticket-processor';
import type { TicketStore } from './ticket-store';

/** A ticket's twin in its external system, as the sync worker reads and records it. */
export class TicketExternalRefs implements ExternalRefs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: TicketStore,
    private readonly outbox: Outbox,
    /** Called after recording one, to publish the ticket update now. */
    private readonly onRecorded: () => void = () => undefined,
  ) {}

  current(ticketId: string): Promise<ExternalTicketRef | undefined> {
    return this.tickets.externalRefOf(this.dataSource.manager, ticketId);
  }

  /**
   * Records the external ticket a sync job found or created, and publishes
   * the ticket with it (`ticket.updated`). The first one recorded stays: the
   * ref returned is the one the ticket holds.
   */
  async record(ticketId: string, ref: ExternalTicketRef): Promise<ExternalTicketRef> {
    const held = await this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.byId(manager, ticketId);
      if (!ticket || ticket.externalRef) return ticket?.externalRef ?? ref;
      const updated = { ...ticket, externalRef: ref, revision: ticket.revision + 1 };
      await this.tickets.save(manager, updated);
      await this.outbox.enqueue(manager, topics.ticket, [toTicketEvent(updated, 'ticket.updated')]);
      return undefined;
    });
    if (held !== undefined) return held;
    this.onRecorded();
    return ref;
  }
}
