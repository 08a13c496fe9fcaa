import type { IHeaders, KafkaMessage } from 'kafkajs';

/**
 * Headers a dead letter carries besides the original message's own: enough to inspect it and replay it.
 * Topic and group are the registry's names, so a replay through EventPublisher lands in the same namespace.
 */
export const deadLetterHeaders = {
  error: 'hookline-dlq-error',
  originalTopic: 'hookline-dlq-original-topic',
  originalPartition: 'hookline-dlq-original-partition',
  originalOffset: 'hookline-dlq-original-offset',
  consumerGroup: 'hookline-dlq-consumer-group',
  attempts: 'hookline-dlq-attempts',
  failedAt: 'hookline-dlq-failed-at',
} as const;

export interface DeadLetterCause {
  topic: string;
  partition: number;
  groupId: string;
  error: string;
  attempts: number;
}

/** Keeps the original key, value and headers untouched, so replaying a dead letter sends exactly what arrived. */
export function toDeadLetter(message: KafkaMessage, cause: DeadLetterCause) {
  const headers: IHeaders = {
    ...message.headers,
    [deadLetterHeaders.error]: truncate(cause.error, 4_000),
    [deadLetterHeaders.originalTopic]: cause.topic,
    [deadLetterHeaders.originalPartition]: String(cause.partition),
    [deadLetterHeaders.originalOffset]: message.offset,
    [deadLetterHeaders.consumerGroup]: cause.groupId,
    [deadLetterHeaders.attempts]: String(cause.attempts),
    [deadLetterHeaders.failedAt]: new Date().toISOString(),
  };
  return { key: message.key, value: message.value, headers };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
