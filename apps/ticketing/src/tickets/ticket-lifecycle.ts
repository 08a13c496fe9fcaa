import { eventIdFor, fieldLimits, type IncidentData, type IncidentEvent, type TicketEventType } from '@hookline/contracts/events';
import { assertUnreachable } from '@hookline/platform/errors';
import { resolutionNote } from './resolution-note';
import type { TicketPolicy } from './ticket-policy';
import { hooklineAuthor, type TicketRecord } from './ticket-records';

/** What the external ticket system must be told, besides comments (which travel as comments). */
export type SyncAction = 'create' | 'update' | 'close' | 'reopen';

export interface TicketComment {
  author: string;
  body: string;
}

/** One decided change to a ticket; the processor stores it, publishes it and queues its sync jobs in one transaction. */
export interface TicketChange {
  /** The ticket after the change; its revision already counts the event in `published`. */
  ticket: TicketRecord;
  isNew: boolean;
  /** The ticket event to publish; absent when no published field changed (a comment, a mirrored incident field). */
  published?: TicketEventType;
  comments: TicketComment[];
  /** In the order the external system should see them; comments go after `update`/`reopen` and before `close`. */
  sync: SyncAction[];
}

/** One ticket per incident, with an id derived from the incident's: whoever creates it, it is the same ticket. */
export function ticketIdFor(incidentId: string): string {
  return eventIdFor(`ticket/${incidentId}`);
}

/**
 * How an incident event changes its ticket (or opens one). Undefined when it
 * changes nothing: a test incident, a replayed or older revision, or a
 * resolution of an incident that never had a ticket.
 *
 * Events carry the incident's full state, so an incident first seen in any
 * active state gets its ticket (a fresh consumer group starting mid-way).
 * `at` is the event's time, not the clock: a redelivery decides the same team
 * and the same person as the first delivery did.
 */
export function applyIncidentEvent(ticket: TicketRecord | undefined, event: IncidentEvent, policy: TicketPolicy): TicketChange | undefined {
  const incident = event.data;
  const at = new Date(event.time);
  if (incident.test) return undefined;
  if (ticket === undefined) return incident.status === 'resolved' ? undefined : openTicket(incident, policy, at);
  if (incident.revision <= ticket.incidentRevision) return undefined;

  const change = new ChangeBuilder(ticket, incident);
  // A ticket a person closed as "won't fix" follows its incident silently; only a reopening is worth a word.
  const silenced = ticket.status === 'closed' && ticket.wontFix;
  switch (event.type) {
    case 'incident.opened':
    case 'incident.updated': {
      if (silenced) break;
      const notes = incidentChanges(ticket, incident);
      const priority = change.setPriority(policy.priority(incident));
      if (priority) notes.push(priority);
      if (notes.length > 0) change.comment(`Incident updated: ${notes.join('; ')}.`);
      break;
    }
    case 'incident.acknowledged':
      if (!silenced) change.comment(`Incident acknowledged${incident.acknowledgedBy ? ` by ${incident.acknowledgedBy}` : ''}.`);
      break;
    case 'incident.resolved': {
      const note = resolutionNote(incident);
      if (ticket.status === 'open') change.close({ reason: 'incident_resolved', note, at });
      else if (!silenced) change.comment(`Incident resolved. ${note}`);
      break;
    }
    case 'incident.reopened':
      if (silenced) {
        change.comment(`The incident fired again and reopened; this ticket stays closed because ${ticket.closedBy ?? 'a person'} closed it as won't fix.`);
      } else if (ticket.status === 'closed') {
        change.reopen();
        change.setPriority(policy.priority(incident));
        change.comment('The incident fired again within its reopen window: ticket reopened.');
      } else {
        const priority = change.setPriority(policy.priority(incident));
        change.comment(`Incident reopened${priority ? `; ${priority}` : ''}.`);
      }
      break;
    default:
      assertUnreachable(event);
  }
  return change.build();
}

/** What a person asks for through the API; every field optional, applied together as one change. */
export interface PersonChange {
  by: string;
  status?: 'open' | 'closed';
  /** With `status: closed`: `wont_fix` keeps an incident that reopens from reopening the ticket. */
  resolution?: 'fixed' | 'wont_fix';
  note?: string;
  /** `null` unassigns. */
  assignee?: string | null;
  comment?: string;
}

/** A person's change to a ticket; undefined when it asks for nothing new (closing a closed ticket the same way). */
export function applyPersonChange(ticket: TicketRecord, request: PersonChange, at: Date): TicketChange | undefined {
  const change = new ChangeBuilder(ticket);
  if (request.assignee !== undefined && (request.assignee ?? undefined) !== ticket.assignee) {
    change.assign(request.assignee ?? undefined, request.by);
  }
  if (request.comment !== undefined) change.comment(request.comment, request.by);
  if (request.status === 'open' && ticket.status === 'closed') {
    change.reopen();
    change.comment(`Reopened by ${request.by}.`, request.by);
  }
  const wontFix = request.resolution === 'wont_fix';
  if (request.status === 'closed' && (ticket.status === 'open' || ticket.wontFix !== wontFix || ticket.closedReason !== 'manual')) {
    const note = request.note ?? (wontFix ? `Closed as won't fix by ${request.by}.` : `Closed by ${request.by}.`);
    change.close({ reason: 'manual', note, at, by: request.by, wontFix });
    if (ticket.status === 'closed') change.comment(wontFix ? `Marked as won't fix by ${request.by}.` : `Marked as fixed by ${request.by}.`, request.by);
  }
  return change.hasEffect() ? change.build() : undefined;
}

/** Accumulates one change: the ticket after it, the event to publish, comments and sync actions. */
class ChangeBuilder {
  private readonly after: TicketRecord;
  private readonly comments: TicketComment[] = [];
  /** A published field other than the status changed (priority, assignee, close reason). */
  private updated = false;
  private reopened = false;
  private closed = false;

  constructor(private readonly before: TicketRecord, incident?: IncidentData) {
    this.after = { ...before, ...(incident ? mirrorIncident(incident) : {}) };
  }

  /** Returns a "priority P3 → P1" note when the priority changed. */
  setPriority(priority: TicketRecord['priority']): string | undefined {
    if (priority === this.after.priority) return undefined;
    const note = `priority ${this.after.priority} → ${priority}`;
    this.after.priority = priority;
    this.updated = true;
    return note;
  }

  assign(assignee: string | undefined, by: string): void {
    const previous = this.after.assignee;
    this.after.assignee = assignee;
    this.updated = true;
    this.comment(assignee === undefined ? `Unassigned (was ${previous}).` : `Assigned to ${assignee}${previous ? ` (was ${previous})` : ''}.`, by);
  }

  comment(body: string, author = hooklineAuthor): void {
    this.comments.push({ author, body: body.slice(0, fieldLimits.detailLength) });
  }

  close(options: { reason: 'incident_resolved' | 'manual'; note: string; at: Date; by?: string; wontFix?: boolean }): void {
    const alreadyClosed = this.after.status === 'closed';
    Object.assign(this.after, {
      status: 'closed',
      closedReason: options.reason,
      resolutionNote: options.note.slice(0, fieldLimits.detailLength),
      closedBy: options.by,
      wontFix: options.wontFix ?? false,
      closedAt: alreadyClosed ? this.after.closedAt : options.at,
    } satisfies Partial<TicketRecord>);
    // Re-closing a closed ticket (say, as won't fix after the incident closed it) changes how it closed, not whether.
    if (alreadyClosed) this.updated = true;
    else this.closed = true;
  }

  reopen(): void {
    Object.assign(this.after, {
      status: 'open',
      closedReason: undefined,
      resolutionNote: undefined,
      closedBy: undefined,
      closedAt: undefined,
      wontFix: false,
    } satisfies Partial<TicketRecord>);
    this.reopened = true;
  }

  hasEffect(): boolean {
    return this.updated || this.reopened || this.closed || this.comments.length > 0;
  }

  build(): TicketChange {
    const published: TicketEventType | undefined = this.closed
      ? 'ticket.closed'
      : this.reopened
        ? 'ticket.reopened'
        : this.updated
          ? 'ticket.updated'
          : undefined;
    // An update of a ticket that is closed there as well stays here: the external ticket is done with.
    const pushUpdate = this.updated && (this.after.status === 'open' || this.closed);
    const sync: SyncAction[] = [...(pushUpdate ? (['update'] as const) : []), ...(this.reopened ? (['reopen'] as const) : []), ...(this.closed ? (['close'] as const) : [])];
    return {
      ticket: { ...this.after, revision: this.before.revision + (published ? 1 : 0) },
      isNew: false,
      ...(published ? { published } : {}),
      comments: this.comments,
      sync,
    };
  }
}

function openTicket(incident: IncidentData, policy: TicketPolicy, at: Date): TicketChange {
  const assignment = policy.assign(incident, at);
  const ticket: TicketRecord = {
    ...mirrorIncident(incident),
    id: ticketIdFor(incident.incidentId),
    incidentId: incident.incidentId,
    revision: 1,
    title: incident.title,
    priority: policy.priority(incident),
    status: 'open',
    ...(assignment.team === undefined ? {} : { team: assignment.team }),
    ...(assignment.queue === undefined ? {} : { queue: assignment.queue }),
    ...(assignment.assignee === undefined ? {} : { assignee: assignment.assignee }),
    ...(incident.service === undefined ? {} : { service: incident.service }),
    ...(incident.tier === undefined ? {} : { tier: incident.tier }),
    wontFix: false,
    openedAt: at,
  };
  const alerts = `${incident.alertCount} ${incident.alertCount === 1 ? 'alert' : 'alerts'}`;
  const comments: TicketComment[] = [
    {
      author: hooklineAuthor,
      body: `Opened for incident ${incident.incidentId}: ${incident.severity}${incident.service ? ` on ${incident.service}` : ''}, ${alerts}. ${assignment.explanation}`,
    },
  ];
  if (incident.status === 'acknowledged') comments.push({ author: hooklineAuthor, body: `Incident acknowledged${incident.acknowledgedBy ? ` by ${incident.acknowledgedBy}` : ''}.` });
  return { ticket, isNew: true, published: 'ticket.opened', comments, sync: ['create'] };
}

/** The incident fields a ticket mirrors, as of this event. */
function mirrorIncident(
  incident: IncidentData,
): Pick<TicketRecord, 'incidentRevision' | 'incidentStatus' | 'severity' | 'alertCount' | 'flapping' | 'acknowledgedBy' | 'acknowledgedAt'> {
  return {
    incidentRevision: incident.revision,
    incidentStatus: incident.status,
    severity: incident.severity,
    alertCount: incident.alertCount,
    flapping: incident.flapping,
    acknowledgedBy: incident.acknowledgedBy,
    acknowledgedAt: incident.acknowledgedAt === undefined ? undefined : new Date(incident.acknowledgedAt),
  };
}

/**
 * "severity warning → critical", "5 alerts (was 3)", flapping: what a reader
 * of the ticket wants to know changed. A growing alert count alone is noted
 * when it reaches 2, 4, 8, 16… alerts, so an alert storm adds a handful of
 * comments to the ticket (and its external twin), not one per batch.
 */
function incidentChanges(ticket: TicketRecord, incident: IncidentData): string[] {
  const notes: string[] = [];
  const severityChanged = incident.severity !== ticket.severity;
  if (severityChanged) notes.push(`severity ${ticket.severity} → ${incident.severity}`);
  const countWorthNoting = severityChanged || Math.floor(Math.log2(Math.max(1, incident.alertCount))) !== Math.floor(Math.log2(Math.max(1, ticket.alertCount)));
  if (incident.alertCount !== ticket.alertCount && countWorthNoting) notes.push(`${incident.alertCount} alerts (was ${ticket.alertCount})`);
  if (incident.flapping !== ticket.flapping) notes.push(incident.flapping ? 'flapping (firing and resolving repeatedly)' : 'no longer flapping');
  return notes;
}
