export { ConfigError, loadConfig } from './load-config';
export { brokerList, flag, logLevel, nonNegativeInt, optionalValue, pemFile, portNumber, positiveInt, postgresUrl, secret } from './env-values';
export type { PemFile } from './env-values';
export { checkHttpEnv, clientAuthModes, httpEnv, toHttpConfig } from './http-config';
export type { ClientAuthMode, HttpConfig, HttpTls, TrustedProxies } from './http-config';
export {
  checkKafkaSecurity,
  KAFKA_SECURITY_ENV,
  kafkaSecurityEnv,
  kafkaTopicPrefixEnv,
  saslMechanisms,
  serviceEnvSchema,
  toKafkaSecurity,
  toServiceConfig,
} from './service-config';
export type { KafkaSecurity, SaslMechanism, ServiceConfig } from './service-config';
