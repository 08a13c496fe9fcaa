import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IncidentEvent, topics } from '@hookline/contracts/events';
import { TicketProcessor } from './ticket-processor';

/** Incident events into tickets, a chunk per transaction: a storm's updates would otherwise wait on a disk flush each. */
@Controller()
export class IncidentEventsController {
  constructor(@Inject(TicketProcessor) private readonly tickets: TicketProcessor) {}

  @EventPattern(topics.incident.name, { batch: true })
  async apply(@Payload() events: IncidentEvent[]): Promise<void> {
    await this.tickets.applyIncidents(events);
  }
}
