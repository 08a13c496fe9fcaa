import { BaseRpcContext } from '@nestjs/microservices';
import type { BatchContext, MessageContext } from '@hookline/platform/kafka';

/** What `@Ctx()` gives a per-event handler: where the event came from, its headers and trace, which try this is. */
export class KafkaEventContext extends BaseRpcContext<[MessageContext]> {
  constructor(context: MessageContext) {
    super([context]);
  }

  private get message(): MessageContext {
    return this.args[0];
  }

  getTopic(): string {
    return this.message.topic;
  }

  getPartition(): number {
    return this.message.partition;
  }

  getOffset(): string {
    return this.message.offset;
  }

  getHeaders(): Readonly<Record<string, string>> {
    return this.message.headers;
  }

  /** The W3C trace context the producer sent (`traceparent` header), if any. */
  getTraceparent(): string | undefined {
    return this.message.headers['traceparent'];
  }

  /** 1 on the first try of this event in this process. */
  getAttempt(): number {
    return this.message.attempt;
  }
}

/** What `@Ctx()` gives a batch handler: the topic, the partitions the batch spans, which try this is. */
export class KafkaBatchContext extends BaseRpcContext<[BatchContext]> {
  constructor(context: BatchContext) {
    super([context]);
  }

  getTopic(): string {
    return this.args[0].topic;
  }

  getPartitions(): readonly number[] {
    return this.args[0].partitions;
  }

  getAttempt(): number {
    return this.args[0].attempt;
  }
}
