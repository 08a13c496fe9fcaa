export { isDependencyOutage } from './dependency-outage';
export { HooklineError, assertUnreachable, errorCodes, isRetryable } from './hookline-error';
export type { ErrorCode, HooklineErrorOptions } from './hookline-error';
