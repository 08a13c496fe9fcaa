export { startInfrastructure } from './infrastructure';
export type { InfrastructureOptions, RunningInfrastructure } from './infrastructure';
export { KAFKA_VERSION, ensureKafkaJars, kafkaJarsCacheDir } from './kafka-jars';
export type { EnsureKafkaJarsOptions, KafkaJars } from './kafka-jars';
export { assertPortFree, pickFreePorts } from './ports';
export type { FixedPort } from './ports';
export { INFRA_ENV_VARS } from './env-vars';
export { LOCAL_POSTGRES } from './postgres-server';
