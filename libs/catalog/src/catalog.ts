import type { Severity } from '@hookline/contracts/events';
import { isWithinBusinessHours } from './business-hours';
import type { Priority, ServiceCatalog, Tier } from './catalog.schema';
import { defaultPublicTitle, renderPublicTitle } from './public-title';
import { onCallAt } from './rotation';
import type { OnCall } from './rotation';
import { firstMatchingRule } from './routing';
import type { Route, RouteRequest } from './routing';

export interface ServiceInfo {
  name: string;
  tier: Tier;
  team: string;
  component?: string;
  costPerMinute: number;
  /** The catalog's `displayName`, or the service name when it has none. */
  displayName: string;
}

export interface ComponentInfo {
  id: string;
  name: string;
  public: boolean;
  description?: string;
  publicTitle?: string;
  group?: string;
  /** The services that map to this component, in catalog order. */
  services: readonly string[];
}

export interface TeamInfo {
  id: string;
  name: string;
  ticketQueue?: string;
  timeZone: string;
  /** Opaque here; the ticketing app validates it. */
  connector?: Record<string, unknown>;
}

/**
 * Lookups over a validated catalog. Everything is indexed once, in Maps, so a
 * service called "constructor" or "__proto__" is looked up like any other.
 * Unknown names return undefined: an alert for a service the catalog does not
 * list is still handled, with the app's defaults.
 */
export class Catalog {
  private readonly services = new Map<string, ServiceInfo>();
  private readonly components = new Map<string, ComponentInfo>();
  private readonly teams: ReadonlyMap<string, ServiceCatalog['teams'][string]>;

  constructor(readonly definition: ServiceCatalog) {
    const servicesByComponent = new Map<string, string[]>();
    for (const [name, entry] of Object.entries(definition.services)) {
      this.services.set(name, Object.freeze({ name, ...entry, displayName: entry.displayName ?? name }));
      if (entry.component !== undefined) {
        const services = servicesByComponent.get(entry.component) ?? [];
        services.push(name);
        servicesByComponent.set(entry.component, services);
      }
    }
    for (const [id, entry] of Object.entries(definition.components)) {
      const services = Object.freeze(servicesByComponent.get(id) ?? []);
      this.components.set(id, Object.freeze({ id, ...entry, services }));
    }
    this.teams = new Map(Object.entries(definition.teams));
  }

  service(name: string): ServiceInfo | undefined {
    return this.services.get(name);
  }

  component(id: string): ComponentInfo | undefined {
    return this.components.get(id);
  }

  /** The components shown on the public status page, in catalog order. */
  publicComponents(): ComponentInfo[] {
    return [...this.components.values()].filter((component) => component.public);
  }

  team(id: string): TeamInfo | undefined {
    const entry = this.teams.get(id);
    if (entry === undefined) return undefined;
    const { name, ticketQueue, timeZone, connector } = entry;
    return { id, name, timeZone, ...(ticketQueue === undefined ? {} : { ticketQueue }), ...(connector === undefined ? {} : { connector }) };
  }

  priority(tier: Tier, severity: Severity): Priority {
    return this.definition.priorities[tier][severity];
  }

  severityWeight(severity: Severity): number {
    return this.definition.severityWeights[severity];
  }

  isBusinessHours(at: Date): boolean {
    return isWithinBusinessHours(this.definition.businessHours, at);
  }

  /**
   * The team (and queue) an alert goes to: the first routing rule that
   * matches, otherwise the service's own team. Undefined only for an alert
   * that no rule matches and whose service the catalog does not list.
   * Without a `queue` on the rule, the chosen team's `ticketQueue` applies.
   */
  route(request: RouteRequest): Route | undefined {
    const ruleIndex = firstMatchingRule(this.definition.routing, request, () => this.isBusinessHours(request.at));
    if (ruleIndex !== undefined) {
      const rule = this.definition.routing[ruleIndex];
      if (rule !== undefined) return withQueue({ team: rule.team, rule: ruleIndex }, rule.queue ?? this.teams.get(rule.team)?.ticketQueue);
    }
    const owner = request.service === undefined ? undefined : this.services.get(request.service)?.team;
    if (owner === undefined) return undefined;
    return withQueue({ team: owner }, this.teams.get(owner)?.ticketQueue);
  }

  /** Who is on call for a team at `at`; undefined for a team the catalog does not list. */
  onCall(teamId: string, at: Date): OnCall | undefined {
    const team = this.teams.get(teamId);
    return team === undefined ? undefined : onCallAt(team, at);
  }

  /**
   * The public incident title for a component: its `publicTitle` template (or
   * the default) filled with catalog display names only, never alert text.
   * `{{service}}` falls back to the component name when the service is not
   * given or not listed.
   */
  publicTitle(componentId: string, serviceName?: string): string | undefined {
    const component = this.components.get(componentId);
    if (component === undefined) return undefined;
    const service = serviceName === undefined ? undefined : this.services.get(serviceName);
    return renderPublicTitle(component.publicTitle ?? defaultPublicTitle, {
      component: component.name,
      service: service?.displayName ?? component.name,
    });
  }
}

function withQueue(route: Route, queue: string | undefined): Route {
  return queue === undefined ? route : { ...route, queue };
}
