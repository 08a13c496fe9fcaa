import { z } from 'zod';
import { eventEnvelope } from './envelope';
import { fieldLimits, opaqueId, text, webUrl } from './fields';

/** P1 is the most urgent; derived from the service tier and the incident severity. */
export const ticketPriorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export const ticketPriority = z.enum(ticketPriorities);
export type TicketPriority = z.infer<typeof ticketPriority>;

export const ticketStatuses = ['open', 'closed'] as const;
export const ticketStatus = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof ticketStatus>;

/** `external`: closed in the external ticket system and synced back. */
export const ticketClosedReasons = ['incident_resolved', 'manual', 'external'] as const;
export const ticketClosedReason = z.enum(ticketClosedReasons);
export type TicketClosedReason = z.infer<typeof ticketClosedReason>;

/** The ticket's twin in an external system (Jira, ServiceNow, ...), once synced. */
export const externalTicketRefSchema = z.object({
  /** Lower-case name of the system, e.g. `jira`. */
  system: text(64),
  /** Its id or key there, e.g. `OPS-1234`. */
  id: text(fieldLimits.nameLength),
  url: webUrl.optional(),
});
export type ExternalTicketRef = z.infer<typeof externalTicketRefSchema>;

/** The ticket as it stands after the change, like incident events: full state, not a patch. */
export const ticketDataSchema = z.object({
  ticketId: opaqueId,
  incidentId: opaqueId,
  revision: z.int().min(1).meta({
    description:
      'Starts at 1 and increases with every event of this ticket; apply an event only if it is higher than the revision held.',
  }),
  title: text(fieldLimits.titleLength),
  priority: ticketPriority,
  status: ticketStatus,
  team: text(fieldLimits.nameLength).optional(),
  assignee: text(fieldLimits.nameLength).optional(),
  externalRef: externalTicketRefSchema.optional(),
  resolutionNote: text(fieldLimits.detailLength).optional(),
  closedReason: ticketClosedReason.optional(),
});

export const ticketOpenedEventSchema = eventEnvelope('ticket.opened', ticketDataSchema);
/** Priority, assignee, team or external reference changed. */
export const ticketUpdatedEventSchema = eventEnvelope('ticket.updated', ticketDataSchema);
export const ticketClosedEventSchema = eventEnvelope('ticket.closed', ticketDataSchema);
export const ticketReopenedEventSchema = eventEnvelope('ticket.reopened', ticketDataSchema);

export const ticketEventSchema = z.discriminatedUnion('type', [
  ticketOpenedEventSchema,
  ticketUpdatedEventSchema,
  ticketClosedEventSchema,
  ticketReopenedEventSchema,
]);

export type TicketData = z.infer<typeof ticketDataSchema>;
export type TicketEvent = z.infer<typeof ticketEventSchema>;
export type TicketEventType = TicketEvent['type'];
