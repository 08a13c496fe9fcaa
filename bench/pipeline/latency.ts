import { type LatencySummary, summarise } from '../shared/percentiles';
import type { Probe } from './latency-probe';
import type { PipelineWatch } from './pipeline-watch';
import type { ProcessUsage } from './process-sampler';
import type { BackgroundSent } from './storm-latency';

export interface ProbeLatency {
  sent: number;
  accepted: number;
  /** Non-202 answers by status (0: no answer). */
  refused: Record<string, number>;
  /** Accepted probes whose ticket never appeared on `ticketing.ticket.v1`. */
  withoutTicket: number;
  /** Scheduled send → 202. */
  ackMs: LatencySummary;
  /** Scheduled send → the `incident.opened` event read from Kafka here. */
  incidentMs: LatencySummary;
  /** Scheduled send → the `ticket.opened` event read from Kafka here. */
  ticketMs: LatencySummary;
  /** Scheduled send → the ticket event's own `time` (when ticketing decided; before its outbox relay published it). */
  ticketDecidedMs: LatencySummary;
  /**
   * Tickets per second from the first probe's scheduled send to the last
   * probe's ticket on Kafka: the rate the pipeline turned new incidents into
   * tickets. Below capacity it is the probe rate; saturated, it is the capacity.
   */
  ticketsPerSecond: number;
}

/** The probe's figures with what each process spent from its first webhook until every app had caught up. */
export type LatencyPhase = ProbeLatency & { usage: ProcessUsage[] };

/** The probes among storm traffic, with how the storm traffic itself fared. */
export type StormLatencyPhase = LatencyPhase & { background: BackgroundSent };

/** Joins each accepted probe to its incident (by correlation key) and that incident's ticket. */
export function probeLatency(probes: readonly Probe[], integrationId: string, watch: PipelineWatch): ProbeLatency {
  const incidentOfKey = new Map([...watch.keyOfIncident].map(([incident, key]) => [key, incident]));
  const refused: Record<string, number> = {};
  const ack: number[] = [];
  const incidentSeen: number[] = [];
  const ticket: number[] = [];
  const decided: number[] = [];
  let withoutTicket = 0;
  let firstScheduledAt = Number.POSITIVE_INFINITY;
  let lastTicketAt = Number.NEGATIVE_INFINITY;
  for (const probe of probes) {
    if (probe.status !== 202) {
      refused[probe.status] = (refused[probe.status] ?? 0) + 1;
      continue;
    }
    ack.push(probe.answeredAt - probe.scheduledAt);
    firstScheduledAt = Math.min(firstScheduledAt, probe.scheduledAt);
    const incident = incidentOfKey.get(`${integrationId}:${probe.groupKey}`);
    const opened = incident === undefined ? undefined : watch.incidentOpened.get(incident);
    if (opened) incidentSeen.push(opened.receivedAt - probe.scheduledAt);
    const seen = incident === undefined ? undefined : watch.ticketOpened.get(incident);
    if (!seen) {
      withoutTicket += 1;
      continue;
    }
    ticket.push(seen.receivedAt - probe.scheduledAt);
    lastTicketAt = Math.max(lastTicketAt, seen.receivedAt);
    decided.push(seen.eventTime - probe.scheduledAt);
  }
  return {
    sent: probes.length,
    accepted: ack.length,
    refused,
    withoutTicket,
    ackMs: summarise(ack),
    incidentMs: summarise(incidentSeen),
    ticketMs: summarise(ticket),
    ticketDecidedMs: summarise(decided),
    ticketsPerSecond: ticket.length === 0 ? 0 : ticket.length / ((lastTicketAt - firstScheduledAt) / 1000),
  };
}
