import { Inject, Injectable } from '@nestjs/common';
import { Catalog, type Tier, tiers } from '@hookline/catalog';
import type { IncidentData, TicketPriority } from '@hookline/contracts/events';
import { TICKETING_SETTINGS, type TicketingSettings } from '../ticketing-settings.token';

/** Where a new ticket goes and who gets it. */
export interface Assignment {
  team?: string;
  queue?: string;
  assignee?: string;
  /** Why this team and person, for the ticket's first comment. */
  explanation: string;
}

/**
 * The catalog's answers that tickets need: priority by tier and severity,
 * team by routing, person by rotation. An abstract class, so that it is both
 * the type and the injection token.
 */
export abstract class TicketPolicy {
  abstract priority(incident: Pick<IncidentData, 'tier' | 'service' | 'severity'>): TicketPriority;
  /** At `at`: routing by time of day and the rotation both depend on it. */
  abstract assign(incident: Pick<IncidentData, 'service' | 'severity' | 'team'>, at: Date): Assignment;
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
@Injectable()
export class CatalogTicketPolicy implements TicketPolicy {
  private readonly defaultTier: Tier;

  constructor(
    @Inject(Catalog) private readonly catalog: Catalog,
    @Inject(TICKETING_SETTINGS) settings: Pick<TicketingSettings, 'defaultTier'>,
  ) {
    this.defaultTier = settings.defaultTier;
  }

  priority(incident: Pick<IncidentData, 'tier' | 'service' | 'severity'>): TicketPriority {
    return this.catalog.priority(this.tierOf(incident), incident.severity);
  }

  assign(incident: Pick<IncidentData, 'service' | 'severity' | 'team'>, at: Date): Assignment {
    const { catalog } = this;
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
  }

  private tierOf(incident: Pick<IncidentData, 'tier' | 'service'>): Tier {
    if (isTier(incident.tier)) return incident.tier;
    return (incident.service === undefined ? undefined : this.catalog.service(incident.service)?.tier) ?? this.defaultTier;
  }
}

function isTier(value: string | undefined): value is Tier {
  return (tiers as readonly (string | undefined)[]).includes(value);
}
