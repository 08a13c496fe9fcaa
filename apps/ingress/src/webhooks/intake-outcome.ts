import { problemTitle } from '@hookline/platform/errors';
import type { DeliveryOutcome } from '@hookline/contracts/events';

/** What the intake decided about one delivery: the HTTP answer and the delivery-log entry. */
export interface IntakeOutcome {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** `application/problem+json` for refusals, plain JSON otherwise. */
  problem: boolean;
  log: { outcome: DeliveryOutcome; deliveryId: string; alertCount: number; errorDetail?: string };
  /** PagerDuty Events v2 only: the dedup key of the event, generated when the sender sent none. */
  dedupKey?: string;
}

/** A refusal as problem+json (RFC 9457), with the log entry that goes with it. */
export function refusal(
  status: number,
  outcome: DeliveryOutcome,
  deliveryId: string,
  detail: string,
  extra: { headers?: Record<string, string>; fields?: Record<string, unknown> } = {},
): IntakeOutcome {
  return {
    status,
    problem: true,
    // The type names the intake's outcome; the title is the same words for a status as every app's problems use.
    body: { type: `urn:hookline:webhook:${outcome}`, title: problemTitle(status), status, detail, ...extra.fields },
    ...(extra.headers ? { headers: extra.headers } : {}),
    log: { outcome, deliveryId, alertCount: 0, errorDetail: detail },
  };
}

/**
 * Whether an answer spends the caller's refusal budget: every refusal that is
 * the caller's doing (404, 401, 400, 403, 408, 413, 415, …). Not a 429 (it is
 * the budget's own answer, or a verified sender over its integration's rate),
 * and not a 5xx, which is Hookline's fault.
 */
export function spendsRefusalBudget(status: number): boolean {
  return status >= 400 && status < 500 && status !== 429;
}
