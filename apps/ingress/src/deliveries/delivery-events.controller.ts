import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type DeliveryEvent, topics } from '@hookline/contracts/events';
import { DeliveryLog } from './delivery-log';

/** The delivery records the webhooks produced, into the queryable delivery log a chunk (one INSERT) at a time. */
@Controller()
export class DeliveryEventsController {
  constructor(@Inject(DeliveryLog) private readonly deliveryLog: DeliveryLog) {}

  @EventPattern(topics.delivery.name, { batch: true })
  async record(@Payload() events: DeliveryEvent[]): Promise<void> {
    await this.deliveryLog.write(events);
  }
}
