import type { RetryPolicy } from '@hookline/platform/kafka';

/** How the sync worker talks to external ticket systems (env `TICKETING_*`, see the README). */
export interface SyncSettings {
  /** How often the worker looks for due jobs when nothing woke it. */
  intervalMs: number;
  /** Most jobs of one connector claimed per round. */
  batchSize: number;
  /** Default per-call timeout; a connector may set its own `timeoutMs`. */
  timeoutMs: number;
  /** Backoff between tries of a job after a retryable failure; there is no last try: work is kept until it goes through. */
  retry: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>;
  breaker: BreakerSettings;
}

export interface BreakerSettings {
  /** Consecutive retryable failures (timeouts, 5xx, refused connections) that open a connector's breaker. */
  failureThreshold: number;
  /** How long an open breaker holds all calls before one probe is let through. */
  openMs: number;
}
