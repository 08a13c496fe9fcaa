export { createLogger } from './logger';
export type { Logger } from './logger';
export { Metrics } from './metrics';
export { ReadinessChecks, withTimeout } from './readiness';
export type { ReadinessProbe, ReadinessReport } from './readiness';
