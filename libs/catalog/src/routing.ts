import type { Severity } from '@hookline/contracts/events';
import type { RoutingRule } from './catalog.schema';

export interface RouteRequest {
  /** The alert's service; alerts without one can still match rules that do not name services. */
  service?: string;
  severity: Severity;
  at: Date;
}

export interface Route {
  team: string;
  queue?: string;
  /** Index in `routing` of the rule that decided; absent when the service's own team was used. */
  rule?: number;
}

/**
 * The index of the first rule whose conditions all hold, or undefined.
 * `inBusinessHours` is asked only when a rule has a `during` condition.
 */
export function firstMatchingRule(
  rules: readonly RoutingRule[],
  request: Pick<RouteRequest, 'service' | 'severity'>,
  inBusinessHours: () => boolean,
): number | undefined {
  let businessHours: boolean | undefined;
  const index = rules.findIndex(({ match }) => {
    if (match.services !== undefined && (request.service === undefined || !match.services.includes(request.service))) return false;
    if (match.severities !== undefined && !match.severities.includes(request.severity)) return false;
    if (match.during !== undefined) {
      businessHours ??= inBusinessHours();
      return match.during === 'business_hours' ? businessHours : !businessHours;
    }
    return true;
  });
  return index === -1 ? undefined : index;
}
