import { performance } from 'node:perf_hooks';
import { topics } from '@hookline/contracts/events';
import { EventConsumer, type EventPublisher, type KafkaConnection, onBatch } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';

/** When the first event of a kind reached this process, and the time the producer stamped on it. */
export interface Seen {
  /** Epoch ms on this machine's clock, sub-millisecond. */
  receivedAt: number;
  /** The event's `time`: when the app decided the change (same machine, same clock). */
  eventTime: number;
}

/** Changes (an incident's or a ticket's revision) that went out under more than one event id. */
export interface DuplicateCounts {
  incidentChanges: number;
  ticketChanges: number;
  /** Incidents with more than one ticket id. */
  incidentsWithSeveralTickets: number;
}

/**
 * Reads `correlator.incident.v1` and `ticketing.ticket.v1` from the start,
 * for the whole run, as any downstream consumer would: which correlation key
 * each incident belongs to, when each incident's ticket appeared on Kafka,
 * and whether any change was published twice under different ids.
 *
 * It reads in batches, all partitions at once: read one event at a time,
 * with a commit after each, it fell seconds behind once a storm filled
 * `correlator.incident.v1` with updates, and that delay showed up as the
 * probes' incident and ticket latency, a cost of the benchmark, not of the pipeline.
 */
export class PipelineWatch {
  readonly keyOfIncident = new Map<string, string>();
  /** By incident id. */
  readonly incidentOpened = new Map<string, Seen>();
  /** By incident id. */
  readonly ticketOpened = new Map<string, Seen>();
  private readonly incidentChangeIds = new Map<string, Set<string>>();
  private readonly ticketChangeIds = new Map<string, Set<string>>();
  private readonly ticketIdsOfIncident = new Map<string, Set<string>>();
  private readonly consumer: EventConsumer;

  constructor(connection: KafkaConnection, deadLetters: EventPublisher, groupId: string) {
    this.consumer = new EventConsumer(connection, deadLetters, {
      groupId,
      fromBeginning: true,
      logger: createLogger({ service: 'bench', level: 'fatal' }),
      handlers: [
        onBatch(topics.incident, async (events) => {
          for (const event of events) {
            this.keyOfIncident.set(event.data.incidentId, event.data.correlationKey);
            if (event.type === 'incident.opened') firstSeen(this.incidentOpened, event.data.incidentId, event.time);
            addTo(this.incidentChangeIds, `${event.data.incidentId}/${event.data.revision}`, event.id);
          }
        }),
        onBatch(topics.ticket, async (events) => {
          for (const event of events) {
            const { incidentId, ticketId, revision } = event.data;
            if (event.type === 'ticket.opened') firstSeen(this.ticketOpened, incidentId, event.time);
            addTo(this.ticketChangeIds, `${ticketId}/${revision}`, event.id);
            addTo(this.ticketIdsOfIncident, incidentId, ticketId);
          }
        }),
      ],
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Incident ids whose correlation key starts with `prefix` (an integration's incidents: keys are prefixed with its id). */
  incidentsOf(prefix: string): string[] {
    return [...this.keyOfIncident].filter(([, key]) => key.startsWith(prefix)).map(([id]) => id);
  }

  /** Counts over the given incidents only. */
  duplicates(incidentIds: readonly string[]): DuplicateCounts {
    const ids = new Set(incidentIds);
    const ticketsOfThese = new Set([...this.ticketIdsOfIncident].filter(([incident]) => ids.has(incident)).flatMap(([, tickets]) => [...tickets]));
    const severalIds = (changes: Map<string, Set<string>>, belongs: (entity: string) => boolean) =>
      [...changes].filter(([change, eventIds]) => belongs(change.slice(0, change.lastIndexOf('/'))) && eventIds.size > 1).length;
    return {
      incidentChanges: severalIds(this.incidentChangeIds, (incident) => ids.has(incident)),
      ticketChanges: severalIds(this.ticketChangeIds, (ticket) => ticketsOfThese.has(ticket)),
      incidentsWithSeveralTickets: [...this.ticketIdsOfIncident].filter(([incident, tickets]) => ids.has(incident) && tickets.size > 1).length,
    };
  }

  /** Distinct ticket ids published for the given incidents. */
  ticketCount(incidentIds: readonly string[]): number {
    return incidentIds.reduce((sum, incident) => sum + (this.ticketIdsOfIncident.get(incident)?.size ?? 0), 0);
  }
}

function firstSeen(map: Map<string, Seen>, incidentId: string, eventTime: string): void {
  if (!map.has(incidentId)) map.set(incidentId, { receivedAt: performance.timeOrigin + performance.now(), eventTime: Date.parse(eventTime) });
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const values = map.get(key);
  if (values) values.add(value);
  else map.set(key, new Set([value]));
}
