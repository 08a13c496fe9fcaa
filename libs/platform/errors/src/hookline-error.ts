import { STATUS_CODES } from 'node:http';

/**
 * Every failure Hookline reports on purpose. The code decides the HTTP status
 * and the problem's title, in Hookline's words, the same in every app (see
 * platform/service's problem filter); `retryable` tells the consumer runtime
 * whether trying again can succeed or the event belongs in the dead-letter
 * topic at once.
 */
export const errorCodes = {
  invalid_input: { status: 400, retryable: false, title: 'Invalid request' },
  unauthorized: { status: 401, retryable: false, title: 'Not authenticated' },
  forbidden: { status: 403, retryable: false, title: 'Not allowed' },
  not_found: { status: 404, retryable: false, title: 'Not found' },
  conflict: { status: 409, retryable: false, title: 'Conflicts with the current state' },
  payload_too_large: { status: 413, retryable: false, title: 'Request body too large' },
  unsupported_media_type: { status: 415, retryable: false, title: 'Unsupported content type' },
  rate_limited: { status: 429, retryable: true, title: 'Too many requests' },
  dependency_unavailable: { status: 503, retryable: true, title: 'Temporarily unavailable' },
  internal: { status: 500, retryable: true, title: 'Internal error' },
} as const satisfies Record<string, { status: number; retryable: boolean; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** The code of an HTTP status, so a framework's own errors (Nest's 404 for an unknown route) read like Hookline's. */
export function errorCodeForStatus(status: number): ErrorCode | undefined {
  return (Object.keys(errorCodes) as ErrorCode[]).find((code) => errorCodes[code].status === status);
}

/** A problem's title for an HTTP status: its code's, or the status's standard phrase for one Hookline has no code of. */
export function problemTitle(status: number): string {
  const code = errorCodeForStatus(status);
  return code ? errorCodes[code].title : (STATUS_CODES[status] ?? 'Error');
}

export interface HooklineErrorOptions {
  /** Overrides the code's default, e.g. a bug found while handling an event is not worth retrying. */
  retryable?: boolean;
  /** Machine-readable specifics safe to show a caller (e.g. the list of invalid fields). */
  details?: unknown;
  cause?: unknown;
}

export class HooklineError extends Error {
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: HooklineErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HooklineError';
    this.retryable = options.retryable ?? errorCodes[code].retryable;
    this.details = options.details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

/**
 * Unknown errors (a dropped connection, a driver timeout) are assumed to be
 * transient: retrying a bounded number of times costs little, while sending a
 * good event to the dead letters would need a person to replay it.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HooklineError) return error.retryable;
  if (typeof error === 'object' && error !== null && 'retryable' in error) {
    return (error as { retryable: unknown }).retryable !== false;
  }
  return true;
}

/** Ends an exhaustive `switch` over a discriminated union: adding a member without handling it fails to compile. */
export function assertUnreachable(value: never): never {
  throw new HooklineError('internal', `unhandled case: ${JSON.stringify(value)}`, { retryable: false });
}
