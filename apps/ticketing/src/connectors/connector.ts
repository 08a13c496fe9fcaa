import { type ExternalTicketRef, type Severity, severity, type TicketData, ticketClosedReason, ticketPriority, ticketStatus } from '@hookline/contracts/events';
import { z } from 'zod';

/** The ticket as the external system should see it, frozen when the change was decided (a sync job's payload). */
export type SyncTicket = Pick<TicketData, 'ticketId' | 'incidentId' | 'title' | 'priority' | 'status' | 'team' | 'assignee' | 'resolutionNote' | 'closedReason'> & {
  queue?: string;
  service?: string;
  severity: Severity;
  /** The ticket's opening comments: what a new external ticket says in its description. */
  description: string;
};

export interface SyncPayload {
  ticket: SyncTicket;
  /** For `comment` jobs. */
  comment?: { author: string; body: string };
}

/**
 * A sync job's payload as read back from its jsonb column. This app wrote it
 * from a ticket, so the shape is checked but not the published limits: a
 * stored job must never become unreadable and hold up its connector's queue.
 */
export const syncPayloadSchema: z.ZodType<SyncPayload> = z.object({
  ticket: z.object({
    ticketId: z.string(),
    incidentId: z.string(),
    title: z.string(),
    priority: ticketPriority,
    status: ticketStatus,
    team: z.string().optional(),
    assignee: z.string().optional(),
    resolutionNote: z.string().optional(),
    closedReason: ticketClosedReason.optional(),
    queue: z.string().optional(),
    service: z.string().optional(),
    severity,
    description: z.string(),
  }),
  comment: z.object({ author: z.string(), body: z.string() }).optional(),
});

/** What happens to a ticket that already exists externally. */
export type ExternalAction = 'update' | 'comment' | 'close' | 'reopen';

/**
 * One external ticket system, as configured for a team. Calls are single
 * tries: the sync worker owns retries, backoff and the circuit breaker, and
 * keeps the work in Postgres between tries.
 */
export interface TicketConnector {
  /** Lower-case name of the system, as in `externalRef.system`. */
  readonly system: string;
  /**
   * The incident's external ticket: found if it exists, created otherwise.
   * `idempotencyKey` is the same on every try for a ticket, so a reply lost
   * after the system created it cannot make a second one.
   */
  ensure(payload: SyncPayload, idempotencyKey: string): Promise<ExternalTicketRef>;
  apply(action: ExternalAction, ref: ExternalTicketRef, payload: SyncPayload, idempotencyKey: string): Promise<void>;
}

/**
 * A failed call. `retryable`: a timeout, a refused connection, a 5xx, 408 or
 * 429 (the system may accept it later; these count against the breaker). Not
 * retryable: any other 4xx (the request itself is wrong; retrying cannot
 * help, so the job is recorded as failed and left for a person).
 */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** The label that marks an external ticket as this incident's, so it can be found again. */
export function incidentLabel(incidentId: string, prefix = 'hookline-incident-'): string {
  return `${prefix}${incidentId}`;
}
