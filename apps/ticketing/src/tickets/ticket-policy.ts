import { type Catalog, type Tier, tiers } from '@hookline/catalog';
import type { IncidentData, TicketPriority } from '@hookline/contracts/events';

/** Where a new ticket goes and who gets it. */
export interface Assignment {
  team?: string;
  queue?: string;
  assignee?: string;
  /** Why this team and person, for the ticket's first comment. */
  explanation: string;
}

/** The catalog's answers that tickets need: priority by tier and severity, team by routing, person by rotation. */
export interface TicketPolicy {
  priority(incident: Pick<IncidentData, 'tier' | 'service' | 'severity'>): TicketPriority;
  /** At `at`: routing by time of day and the rotation both depend on it. */
  assign(incident: Pick<IncidentData, 'service' | 'severity' | 'team'>, at: Date): Assignment;
}

/**
 * Priority is the catalog's tier × severity matrix. The tier is the one the
 * correlator stamped on the incident, else the catalog's for its service,
 * else `defaultTier` (a service the catalog does not list still gets a ticket).
 *
 * The team is the first matching routing rule's, else the service's owner,
 * else the team on the incident; the queue the rule's or that team's. The
 * assignee is whoever is on call in that team at `at` (overrides first).
 */
export function catalogTicketPolicy(catalog: Catalog, defaultTier: Tier): TicketPolicy {
  const tierOf = (incident: Pick<IncidentData, 'tier' | 'service'>): Tier => {
    if (isTier(incident.tier)) return incident.tier;
    return (incident.service === undefined ? undefined : catalog.service(incident.service)?.tier) ?? defaultTier;
  };
  return {
    priority: (incident) => catalog.priority(tierOf(incident), incident.severity),
    assign(incident, at) {
      const route = catalog.route({ ...(incident.service === undefined ? {} : { service: incident.service }), severity: incident.severity, at });
      const team = route?.team ?? incident.team;
      if (team === undefined) return { explanation: 'No team: the service is not in the catalog and no routing rule matched.' };
      const queue = route?.queue ?? catalog.team(team)?.ticketQueue;
      const onCall = catalog.onCall(team, at);
      const why = route?.rule === undefined ? `owner of ${incident.service ?? 'the service'}` : `routing rule ${route.rule + 1}`;
      const who =
        onCall === undefined
          ? 'nobody on call (the team is not in the catalog)'
          : `${onCall.person}, on call${onCall.source === 'override' ? ` by override${onCall.reason ? ` (${onCall.reason})` : ''}` : ''}`;
      return {
        team,
        ...(queue === undefined ? {} : { queue }),
        ...(onCall === undefined ? {} : { assignee: onCall.person }),
        explanation: `Routed to ${team}${queue === undefined ? '' : ` (queue ${queue})`}, ${why}; assigned to ${who}.`,
      };
    },
  };
}

function isTier(value: string | undefined): value is Tier {
  return (tiers as readonly (string | undefined)[]).includes(value);
}
