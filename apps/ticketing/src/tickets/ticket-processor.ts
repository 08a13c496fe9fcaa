import { Inject, Injectable } from '@nestjs/common';
import { createEvent, eventIdFor, type IncidentEvent, type TicketEvent, type TicketEventType, topics } from '@hookline/contracts/events';
import { Inbox, Outbox } from '@hookline/platform/persistence';
import { OutboxRelayHost } from '@hookline/platform/service';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock';
import type { SyncTicket } from '../connectors/connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { createKeyOf, type NewSyncJob, type SyncJobAction, SyncJobs } from '../sync/sync-jobs';
import { SyncWorker } from '../sync/sync-worker';
import { applyIncidentEvent, applyPersonChange, type PersonChange, type TicketChange } from './ticket-lifecycle';
import { TicketPolicy } from './ticket-policy';
import { type TicketRecord, toTicketData } from './ticket-records';
import { type StoredComment, TicketStore } from './ticket-store';

/**
 * Units of work over tickets, each one Postgres transaction: the ticket, its
 * comments, the ticket event (outbox) and the jobs for the external system
 * commit together, with the incident event's id (inbox) when an event caused
 * it. The external system is never called here: a broken one cannot hold up
 * the incident stream.
 */
@Injectable()
export class TicketProcessor {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(TicketStore) private readonly tickets: TicketStore,
    @Inject(SyncJobs) private readonly jobs: SyncJobs,
    @Inject(TicketPolicy) private readonly policy: TicketPolicy,
    /** Teams with an external ticket system: only their tickets get sync jobs. */
    @Inject(ConnectorRegistry) private readonly connectors: Pick<ConnectorRegistry, 'has'>,
    /** The relay (ticket events) and the worker (sync jobs) are woken after a commit that wrote some, to hand them on without waiting for a poll. */
    @Inject(OutboxRelayHost) private readonly relay: Pick<OutboxRelayHost, 'wake'>,
    @Inject(SyncWorker) private readonly worker: Pick<SyncWorker, 'wake'>,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Applies a batch of incident events in one transaction, in order; a
   * redelivered event (inbox) or an older revision changes nothing. The
   * changes made, in the order they were made.
   */
  async applyIncidents(events: readonly IncidentEvent[]): Promise<TicketChange[]> {
    const changes = await this.inbox.processBatchOnce(topics.incident.name, events, async (manager, fresh) => {
      const incidentIds = fresh.map((event) => event.data.incidentId);
      await this.tickets.lockIncidents(manager, incidentIds);
      const tickets = await this.tickets.byIncidents(manager, incidentIds);
      const made: TicketChange[] = [];
      for (const event of fresh) {
        const change = applyIncidentEvent(tickets.get(event.data.incidentId), event, this.policy);
        if (!change) continue;
        tickets.set(event.data.incidentId, change.ticket);
        await this.commit(manager, change, new Date(event.time), event.id);
        made.push(change);
      }
      return made;
    });
    if (changes?.length) this.committed();
    return changes ?? [];
  }

  /** One incident event: a batch of one. */
  async applyIncident(event: IncidentEvent): Promise<TicketChange | undefined> {
    const [change] = await this.applyIncidents([event]);
    return change;
  }

  /** A person's change through the API; the ticket after it (unchanged if it asked for nothing new), undefined if there is no such ticket. */
  async applyPerson(ticketId: string, request: PersonChange): Promise<TicketRecord | undefined> {
    const result = await this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.byId(manager, ticketId);
      if (!ticket) return undefined;
      const change = applyPersonChange(ticket, request, this.clock.now());
      if (!change) return { ticket, changed: false };
      await this.commit(manager, change, this.clock.now());
      return { ticket: change.ticket, changed: true };
    });
    if (result?.changed) this.committed();
    return result?.ticket;
  }

  private async commit(manager: EntityManager, change: TicketChange, at: Date, causationId?: string): Promise<void> {
    const { ticket } = change;
    await this.tickets.save(manager, ticket);
    const comments = await this.tickets.addComments(manager, ticket.id, change.comments, at);
    if (change.published) await this.outbox.enqueue(manager, topics.ticket, [toTicketEvent(ticket, change.published, causationId)]);
    if (this.connectors.has(ticket.team)) await this.jobs.enqueue(manager, syncJobsFor(change, comments, ticket.team), this.clock.now());
  }

  private committed(): void {
    this.relay.wake();
    this.worker.wake();
  }
}

/** The id comes from the ticket and its revision: recomputing a change after a rollback yields the same event id. */
export function toTicketEvent(ticket: TicketRecord, type: TicketEventType, causationId?: string): TicketEvent {
  return createEvent(
    topics.ticket,
    { type, source: 'hookline/ticketing', subject: ticket.id, ...(causationId ? { causationId } : {}), data: toTicketData(ticket) },
    { id: eventIdFor(`ticket/${ticket.id}/revision/${ticket.revision}`) },
  );
}

/**
 * The external system's share of a change, in order: state changes first,
 * then comments, the close last (so a closing note is the last word). A new
 * ticket is one `create` whose description holds its opening comments.
 * Keys come from what caused each job, so enqueueing it twice is a no-op.
 */
export function syncJobsFor(change: TicketChange, comments: readonly StoredComment[], connector: string): NewSyncJob[] {
  const { ticket } = change;
  const snapshot = syncTicket(ticket, change.isNew ? change.comments.map((comment) => comment.body).join('\n\n') : '');
  const job = (action: SyncJobAction, idempotencyKey: string, comment?: StoredComment): NewSyncJob => ({
    ticketId: ticket.id,
    connector,
    action,
    idempotencyKey,
    payload: { ticket: snapshot, ...(comment ? { comment: { author: comment.author, body: comment.body } } : {}) },
  });
  if (change.isNew) return [job('create', createKeyOf(ticket.id))];
  const revisionKey = (action: SyncJobAction) => `hookline:${ticket.id}:${action}:r${ticket.revision}`;
  return [
    ...change.sync.filter((action) => action !== 'close').map((action) => job(action, revisionKey(action))),
    ...comments.map((comment) => job('comment', `hookline:${ticket.id}:comment:${comment.id}`, comment)),
    ...change.sync.filter((action) => action === 'close').map((action) => job(action, revisionKey(action))),
  ];
}

function syncTicket(ticket: TicketRecord, description: string): SyncTicket {
  const { revision: _revision, externalRef: _externalRef, ...published } = toTicketData(ticket);
  return {
    ...published,
    ...(ticket.queue ? { queue: ticket.queue } : {}),
    ...(ticket.service ? { service: ticket.service } : {}),
    severity: ticket.severity,
    description: description || ticket.title,
  };
}
