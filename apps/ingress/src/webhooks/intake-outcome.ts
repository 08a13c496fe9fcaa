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
    body: { type: `urn:hookline:webhook:${outcome}`, title: outcome, status, detail, ...extra.fields },
    ...(extra.headers ? { headers: extra.headers } : {}),
    log: { outcome, deliveryId, alertCount: 0, errorDetail: detail },
  };
}
