export { PlatformModule } from './platform.module';
export type { PlatformOptions } from './platform.module';
export { runService } from './run-service';
export type { ServiceDefinition } from './run-service';
export { runMigrationCommand } from './run-migration-command';
export { ProblemDetailsFilter, sendProblem, toProblem } from './problem-details.filter';
export type { ProblemDetails } from './problem-details.filter';
export { LOGGER, SERVICE_CONFIG } from './tokens';
export type { DatabaseDefinition } from './tokens';
