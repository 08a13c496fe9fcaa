export { isDependencyOutage } from './dependency-outage';
export { HooklineError, assertUnreachable, errorCodeForStatus, errorCodes, isRetryable, problemTitle } from './hookline-error';
export type { ErrorCode, HooklineErrorOptions } from './hookline-error';
