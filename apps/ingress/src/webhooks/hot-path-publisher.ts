import { BatchingPublisher, EventPublisher, type KafkaConnection } from '@hookline/platform/kafka';

/**
 * The ingress's own producer for the webhook path: its acknowledgement bound
 * is the ingress's publish timeout (a sender waits for it), and its requests
 * are batched across concurrent webhooks. Flushed before the app exits.
 */
export class HotPathPublisher extends BatchingPublisher {
  private readonly producer: EventPublisher;

  constructor(kafka: KafkaConnection, ackTimeoutMs: number) {
    const producer = new EventPublisher(kafka, { ackTimeoutMs });
    super(producer);
    this.producer = producer;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
    await this.producer.disconnect();
  }
}
