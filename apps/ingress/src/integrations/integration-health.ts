import type { IntegrationActivityRecord } from './integration-activity';

/**
 * - `failing`: the last `failingAfterRefusals` attempts or more in its delivery
 *   log (duplicates aside) were all refused or answered 5xx.
 * - `silent`: it has an `expectEverySeconds`, and nothing was accepted for
 *   longer than that (counted from its creation if nothing ever was).
 * - `ok`: neither. `failing` wins over `silent`: something is sending, and being refused.
 */
export const healthStates = ['ok', 'failing', 'silent'] as const;
export type HealthState = (typeof healthStates)[number];

/** One refusal is a probe or a sender's hiccup; three in a row with nothing accepted between is a sender that cannot get through. */
export const failingAfterRefusals = 3;

export interface IntegrationHealth {
  state: HealthState;
  /** Why, in words; null when ok. */
  reason: string | null;
}

export function integrationHealth(
  integration: { createdAt: Date; expectEverySeconds: number | null },
  activity: IntegrationActivityRecord,
  now: Date,
): IntegrationHealth {
  if (activity.refusalsSinceAccepted >= failingAfterRefusals) {
    const last = activity.lastRefused;
    return {
      state: 'failing',
      reason: `the last ${activity.refusalsSinceAccepted} deliveries were refused${last ? `, the latest with ${last.httpStatus} (${last.outcome})` : ''}`,
    };
  }
  if (integration.expectEverySeconds !== null) {
    const since = activity.lastAcceptedAt ?? integration.createdAt;
    const quietSeconds = Math.floor((now.getTime() - since.getTime()) / 1000);
    if (quietSeconds > integration.expectEverySeconds) {
      return {
        state: 'silent',
        reason: `nothing accepted for ${quietSeconds} s${activity.lastAcceptedAt ? '' : ' (never, since it was created)'}; expected every ${integration.expectEverySeconds} s`,
      };
    }
  }
  return { state: 'ok', reason: null };
}
