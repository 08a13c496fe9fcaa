export { HooklineKafkaTransport, KAFKA_TRANSPORT } from './hookline-kafka.transport';
export type { KafkaEventPatternExtras, KafkaTransportOptions } from './hookline-kafka.transport';
export { connectKafkaTransport } from './connect-kafka-transport';
export { KafkaBatchContext, KafkaEventContext } from './event-contexts';
export { KeepOriginalErrorFilter } from './keep-original-error.filter';
