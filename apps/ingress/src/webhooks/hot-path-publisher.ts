import { Inject, Injectable } from '@nestjs/common';
import { BatchingPublisher, EventPublisher, KafkaConnection } from '@hookline/platform/kafka';
import type { IngressConfig } from '../config';
import { INGRESS_CONFIG } from '../ingress-config.token';

/**
 * The ingress's own producer for the webhook path: its acknowledgement bound
 * is the ingress's publish timeout (a sender waits for it), and its requests
 * are batched across concurrent webhooks. Flushed before the app exits.
 */
@Injectable()
export class HotPathPublisher extends BatchingPublisher {
  private readonly producer: EventPublisher;

  constructor(@Inject(KafkaConnection) kafka: KafkaConnection, @Inject(INGRESS_CONFIG) config: IngressConfig['ingress']) {
    const producer = new EventPublisher(kafka, { ackTimeoutMs: config.publishTimeoutMs });
    super(producer);
    this.producer = producer;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
    await this.producer.disconnect();
  }
}
