import type { ExternalTicketRef, IncidentStatus, Severity, TicketClosedReason, TicketData, TicketPriority, TicketStatus } from '@hookline/contracts/events';
import { optionalField } from '@hookline/contracts/events';

/** One ticket as ticketing stores it: the published ticket plus the incident state it mirrors. */
export interface TicketRecord {
  id: string;
  incidentId: string;
  /** The highest incident revision applied: an event at or below it is a replay and changes nothing. */
  incidentRevision: number;
  incidentStatus: IncidentStatus;
  /** Revision of the last published ticket event. */
  revision: number;
  title: string;
  priority: TicketPriority;
  status: TicketStatus;
  team?: string;
  queue?: string;
  assignee?: string;
  service?: string;
  tier?: string;
  severity: Severity;
  alertCount: number;
  flapping: boolean;
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
  resolutionNote?: string;
  closedReason?: TicketClosedReason;
  /** The person who closed it by hand. */
  closedBy?: string;
  wontFix: boolean;
  externalRef?: ExternalTicketRef;
  openedAt: Date;
  closedAt?: Date;
}

/** Who wrote a comment: the pipeline itself, or the person named in an API call. */
export const hooklineAuthor = 'hookline';

/** The ticket as published on `ticketing.ticket.v1`. */
export function toTicketData(ticket: TicketRecord): TicketData {
  return {
    ticketId: ticket.id,
    incidentId: ticket.incidentId,
    revision: ticket.revision,
    title: ticket.title,
    priority: ticket.priority,
    status: ticket.status,
    ...optionalField('team', ticket.team),
    ...optionalField('assignee', ticket.assignee),
    ...optionalField('externalRef', ticket.externalRef),
    ...optionalField('resolutionNote', ticket.resolutionNote),
    ...optionalField('closedReason', ticket.closedReason),
  };
}
