import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type AlertEvent, topics } from '@hookline/contracts/events';
import { IncidentProcessor } from './incident-processor';

/** The alert stream, a fetch at a time: one transaction per chunk (IncidentProcessor), each partition's alerts in order. */
@Controller()
export class AlertEventsController {
  constructor(@Inject(IncidentProcessor) private readonly processor: IncidentProcessor) {}

  @EventPattern(topics.alert.name, { batch: true })
  async apply(@Payload() events: AlertEvent[]): Promise<void> {
    await this.processor.processAlerts(events);
  }
}
