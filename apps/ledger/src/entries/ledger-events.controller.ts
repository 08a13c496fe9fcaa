import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type IncidentEvent, type MaintenanceEvent, type TicketEvent, topics } from '@hookline/contracts/events';
import { LedgerRecorder } from './ledger-recorder';

/** Incidents, tickets and maintenance windows into the ledger, a chunk per transaction each. */
@Controller()
export class LedgerEventsController {
  constructor(@Inject(LedgerRecorder) private readonly recorder: LedgerRecorder) {}

  @EventPattern(topics.incident.name, { batch: true })
  async incidents(@Payload() events: IncidentEvent[]): Promise<void> {
    await this.recorder.recordIncidents(events);
  }

  @EventPattern(topics.ticket.name, { batch: true })
  async tickets(@Payload() events: TicketEvent[]): Promise<void> {
    await this.recorder.recordTickets(events);
  }

  @EventPattern(topics.maintenance.name, { batch: true })
  async maintenance(@Payload() events: MaintenanceEvent[]): Promise<void> {
    await this.recorder.recordMaintenance(events);
  }
}
