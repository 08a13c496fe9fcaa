import { eventIdFor } from '@hookline/contracts/events';
import type { PublicIncidentStatus } from '../incidents/public-incident';
import type { MaintenanceStatus } from '../maintenance/maintenance-window';
import { type ComponentStatus, type Indicator, worst } from '../status/component-status';
import type { ComponentView, IncidentView, MaintenanceView, StatusSnapshot } from './status-snapshot';

// Atlassian Statuspage's public API (v2), field for field, so status
// aggregators and Statuspage clients read Hookline unchanged. Nullable fields
// are present as null, as Statuspage sends them.

export interface StatuspagePage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface StatuspageComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Only on groups: the ids of their components. */
  components?: string[];
}

export interface StatuspageIncidentUpdate {
  id: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: { code: string; name: string; old_status: ComponentStatus; new_status: ComponentStatus }[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: PublicIncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Indicator;
  shortlink: string;
  started_at: string;
  page_id: string;
  /** Newest first. */
  incident_updates: StatuspageIncidentUpdate[];
  components: StatuspageComponent[];
}

export type StatuspageMaintenance = Omit<StatuspageIncident, 'status' | 'impact'> & {
  status: MaintenanceStatus;
  impact: 'maintenance';
  scheduled_for: string;
  scheduled_until: string;
};

export interface StatuspageStatus {
  indicator: Indicator;
  description: string;
}

/** Statuspage's `/api/v2/incidents.json` lists the 50 most recent. */
const recentIncidentCount = 50;

export function pageOf(snapshot: StatusSnapshot): StatuspagePage {
  return { id: pageId(snapshot), name: snapshot.page.name, url: snapshot.page.url, time_zone: 'Etc/UTC', updated_at: iso(snapshot.updatedAt) };
}

export function statusJson(snapshot: StatusSnapshot): { page: StatuspagePage; status: StatuspageStatus } {
  return { page: pageOf(snapshot), status: snapshot.status };
}

export function componentsJson(snapshot: StatusSnapshot): { page: StatuspagePage; components: StatuspageComponent[] } {
  return { page: pageOf(snapshot), components: listing(snapshot).components };
}

export function incidentsJson(snapshot: StatusSnapshot, which: 'recent' | 'unresolved'): { page: StatuspagePage; incidents: StatuspageIncident[] } {
  const chosen = which === 'recent' ? snapshot.incidents.slice(0, recentIncidentCount) : unresolved(snapshot);
  const context = listing(snapshot);
  return { page: pageOf(snapshot), incidents: chosen.map((view) => incident(context, view)) };
}

/** One incident as Statuspage shows it, if it is public now. */
export function incidentJson(snapshot: StatusSnapshot, id: string): StatuspageIncident | undefined {
  const view = snapshot.incidents.find((candidate) => candidate.incident.id === id);
  return view ? incident(listing(snapshot), view) : undefined;
}

export function maintenancesJson(
  snapshot: StatusSnapshot,
  which: 'all' | 'upcoming' | 'active',
): { page: StatuspagePage; scheduled_maintenances: StatuspageMaintenance[] } {
  const wanted = (view: MaintenanceView) => which === 'all' || view.status === (which === 'upcoming' ? 'scheduled' : 'in_progress');
  const context = listing(snapshot);
  return { page: pageOf(snapshot), scheduled_maintenances: maintenances(snapshot).filter(wanted).map((view) => maintenance(context, view)) };
}

export function summaryJson(snapshot: StatusSnapshot): {
  page: StatuspagePage;
  components: StatuspageComponent[];
  incidents: StatuspageIncident[];
  scheduled_maintenances: StatuspageMaintenance[];
  status: StatuspageStatus;
} {
  const context = listing(snapshot);
  return {
    page: pageOf(snapshot),
    components: context.components,
    incidents: unresolved(snapshot).map((view) => incident(context, view)),
    scheduled_maintenances: maintenances(snapshot)
      .filter((view) => view.status !== 'completed')
      .map((view) => maintenance(context, view)),
    status: snapshot.status,
  };
}

export function incidentUrl(snapshot: StatusSnapshot, id: string): string {
  return `${snapshot.page.url}/incidents/${id}`;
}

/** A group's id: its name as a slug, with a prefix no catalog component id can have (they never contain a colon). */
export function groupId(name: string): string {
  return `group:${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

function unresolved(snapshot: StatusSnapshot): IncidentView[] {
  return snapshot.incidents.filter((view) => view.incident.status !== 'resolved');
}

/** Soonest first, as Statuspage lists them. */
function maintenances(snapshot: StatusSnapshot): MaintenanceView[] {
  return [...snapshot.maintenances].sort((a, b) => a.window.startsAt.getTime() - b.window.startsAt.getTime());
}

interface Listing {
  snapshot: StatusSnapshot;
  page: string;
  components: StatuspageComponent[];
  byId: ReadonlyMap<string, StatuspageComponent>;
}

function listing(snapshot: StatusSnapshot): Listing {
  const list = components(snapshot, pageId(snapshot));
  return { snapshot, page: pageId(snapshot), components: list, byId: new Map(list.filter((entry) => !entry.group).map((entry) => [entry.id, entry])) };
}

/** Groups before their components, in catalog order; positions count through the whole list. */
function components(snapshot: StatusSnapshot, page: string): StatuspageComponent[] {
  const list: StatuspageComponent[] = [];
  const emitted = new Set<string>();
  for (const component of snapshot.components) {
    if (component.group === undefined) {
      list.push(componentJson(component, page, null, list.length + 1));
      continue;
    }
    if (emitted.has(component.group)) continue;
    emitted.add(component.group);
    const members = snapshot.components.filter((candidate) => candidate.group === component.group);
    const id = groupId(component.group);
    list.push({
      id,
      name: component.group,
      status: worst(
        members.map((member) => member.status),
        'operational',
      ),
      created_at: iso(earliest(members.map((member) => member.createdAt))),
      updated_at: iso(latest(members.map((member) => member.updatedAt))),
      position: list.length + 1,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: page,
      group: true,
      only_show_if_degraded: false,
      components: members.map((member) => member.id),
    });
    for (const member of members) list.push(componentJson(member, page, id, list.length + 1));
  }
  return list;
}

function componentJson(component: ComponentView, page: string, group: string | null, position: number): StatuspageComponent {
  return {
    id: component.id,
    name: component.name,
    status: component.status,
    created_at: iso(component.createdAt),
    updated_at: iso(component.updatedAt),
    position,
    description: component.description ?? null,
    showcase: true,
    start_date: component.createdAt.toISOString().slice(0, 10),
    group_id: group,
    page_id: page,
    group: false,
    only_show_if_degraded: false,
  };
}

function incident({ snapshot, page, byId }: Listing, view: IncidentView): StatuspageIncident {
  const { incident } = view;
  const updates: StatuspageIncidentUpdate[] = [];
  let previous: Record<string, ComponentStatus> = {};
  for (const update of view.updates) {
    let affected: StatuspageIncidentUpdate['affected_components'] = null;
    if (update.impact) {
      affected = Object.entries(update.impact).map(([code, status]) => ({
        code,
        name: byId.get(code)?.name ?? code,
        old_status: previous[code] ?? 'operational',
        new_status: status,
      }));
      previous = { ...previous, ...update.impact };
    }
    // Updates written before the incident reached the page are dated when they happened; `display_at` is when the public could see them.
    const displayAt = update.at > view.publishedAt ? update.at : view.publishedAt;
    updates.push({
      id: update.id,
      status: update.status,
      body: update.body,
      incident_id: incident.id,
      created_at: iso(update.at),
      updated_at: iso(update.at),
      display_at: iso(displayAt),
      affected_components: affected,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    });
  }
  return {
    id: incident.id,
    name: incident.name,
    status: incident.status,
    created_at: iso(incident.createdAt),
    updated_at: iso(view.updatedAt),
    monitoring_at: incident.monitoringAt ? iso(incident.monitoringAt) : null,
    resolved_at: incident.resolvedAt ? iso(incident.resolvedAt) : null,
    impact: view.impact,
    shortlink: incidentUrl(snapshot, incident.id),
    started_at: iso(incident.createdAt),
    page_id: page,
    incident_updates: updates.reverse(),
    components: incident.components.flatMap((id) => byId.get(id) ?? []),
  };
}

/** Statuspage's maintenance updates, derived from the window's times. */
function maintenance({ snapshot, page, byId }: Listing, view: MaintenanceView): StatuspageMaintenance {
  const { window } = view;
  const covered = window.components.flatMap((id) => byId.get(id) ?? []);
  const change = (from: ComponentStatus, to: ComponentStatus) => covered.map((component) => ({ code: component.id, name: component.name, old_status: from, new_status: to }));
  const steps: { status: MaintenanceStatus; at: Date; body: string; affected: StatuspageIncidentUpdate['affected_components'] }[] = [
    { status: 'scheduled', at: window.createdAt, body: window.description ?? `${window.title}: planned maintenance.`, affected: null },
  ];
  if (view.status !== 'scheduled') {
    steps.push({
      status: 'in_progress',
      at: window.startsAt,
      body: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
      affected: change('operational', 'under_maintenance'),
    });
  }
  if (view.status === 'completed') {
    steps.push({ status: 'completed', at: window.endsAt, body: 'The scheduled maintenance has been completed.', affected: change('under_maintenance', 'operational') });
  }
  return {
    id: window.id,
    name: window.title,
    status: view.status,
    created_at: iso(window.createdAt),
    updated_at: iso(view.updatedAt),
    monitoring_at: null,
    resolved_at: view.status === 'completed' ? iso(window.endsAt) : null,
    impact: 'maintenance',
    shortlink: `${snapshot.page.url}/history#maintenance-${window.id}`,
    started_at: iso(window.startsAt),
    page_id: page,
    scheduled_for: iso(window.startsAt),
    scheduled_until: iso(window.endsAt),
    incident_updates: steps
      .map((step) => ({
        id: eventIdFor(`statuspage/maintenance/${window.id}/revision/${window.revision}/${step.status}`),
        status: step.status,
        body: step.body,
        incident_id: window.id,
        created_at: iso(step.at),
        updated_at: iso(step.at),
        display_at: iso(step.at),
        affected_components: step.affected,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      }))
      .reverse(),
    components: covered,
  };
}

/** Statuspage page ids are 12 lower-case characters; this one is derived from the page's URL, so it is stable. */
function pageId(snapshot: StatusSnapshot): string {
  return eventIdFor(`statuspage/page/${snapshot.page.url}`).replace(/-/g, '').slice(0, 12);
}

function iso(date: Date): string {
  return date.toISOString();
}

function earliest(dates: Date[]): Date {
  return dates.reduce((min, date) => (date < min ? date : min));
}

function latest(dates: Date[]): Date {
  return dates.reduce((max, date) => (date > max ? date : max));
}
