export { ConfigError, loadConfig } from './load-config';
export { brokerList, logLevel, nonNegativeInt, portNumber, positiveInt, postgresUrl, secret } from './env-values';
export { serviceEnvSchema, toServiceConfig } from './service-config';
export type { ServiceConfig } from './service-config';
