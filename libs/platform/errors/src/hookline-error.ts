/**
 * Every failure Hookline reports on purpose. The code decides the HTTP status
 * (see platform/service's problem filter) and `retryable` tells the consumer
 * runtime whether trying again can succeed or the event belongs in the
 * dead-letter topic at once.
 */
export const errorCodes = {
  invalid_input: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  conflict: { status: 409, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  rate_limited: { status: 429, retryable: true },
  dependency_unavailable: { status: 503, retryable: true },
  internal: { status: 500, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof errorCodes;

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
