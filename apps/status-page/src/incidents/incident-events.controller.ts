import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IncidentEvent, topics } from '@hookline/contracts/events';
import { IncidentIngestor } from './incident-ingestor';

/** Incident events onto the page, a chunk per transaction. */
@Controller()
export class IncidentEventsController {
  constructor(@Inject(IncidentIngestor) private readonly ingestor: IncidentIngestor) {}

  @EventPattern(topics.incident.name, { batch: true })
  async apply(@Payload() events: IncidentEvent[]): Promise<void> {
    await this.ingestor.applyBatch(events);
  }
}
