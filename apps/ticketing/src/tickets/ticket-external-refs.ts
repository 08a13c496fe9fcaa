import { Inject, Injectable } from '@nestjs/common';
import { type ExternalTicketRef, topics } from '@hookline/contracts/events';
import { Outbox } from '@hookline/platform/persistence';
import { OutboxRelayHost } from '@hookline/platform/service';
import { DataSource } from 'typeorm';
import { ExternalRefs } from '../sync/sync-worker';
import { toTicketEvent } from './ticket-processor';
import { TicketStore } from './ticket-store';

/** A ticket's twin in its external system, as the sync worker reads and records it. */
@Injectable()
export class TicketExternalRefs implements ExternalRefs {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TicketStore) private readonly tickets: TicketStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    /** Woken after recording one, to publish the ticket update now. */
    @Inject(OutboxRelayHost) private readonly relay: Pick<OutboxRelayHost, 'wake'>,
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
    this.relay.wake();
    return ref;
  }
}
