import type { ComponentInfo } from '@hookline/catalog';
import type { IncidentUpdate, IncidentWithUpdates, NamedIncident, PublicIncident, WrittenUpdate } from '../incidents/public-incident';
import { automaticUpdateBody } from '../incidents/update-wording';
import { coveringWindows, maintenanceStatus, type MaintenanceStatus, type MaintenanceWindow } from '../maintenance/maintenance-window';
import { type ComponentStatus, type ImpactStatus, incidentImpact, type Indicator, pageStatus, worst } from '../status/component-status';
import { type ImpactInterval, type UptimeHistory, uptimeHistory } from './uptime';
import { publishedAt } from './visibility';

export interface PageInfo {
  name: string;
  /** Absolute, without a trailing slash. */
  url: string;
}

export interface ComponentView {
  id: string;
  name: string;
  description?: string;
  group?: string;
  /** 1-based, catalog order. */
  position: number;
  status: ComponentStatus;
  createdAt: Date;
  /** When its status last changed (or when the page first showed it). */
  updatedAt: Date;
  uptime: UptimeHistory;
}

export interface IncidentView {
  incident: NamedIncident;
  /** Oldest first. */
  updates: WrittenUpdate[];
  publishedAt: Date;
  /** The worst the incident has been (Statuspage's `impact`). */
  impact: Indicator;
  /** What it does to each of its components now. */
  currentImpact: Record<string, ImpactStatus>;
  /** updated_at as the public saw it: appearing on the page counts as a change. */
  updatedAt: Date;
}

export interface MaintenanceView {
  window: MaintenanceWindow;
  status: MaintenanceStatus;
  updatedAt: Date;
}

/** Everything the public pages, the JSON API and the feeds show, as of one moment. */
export interface StatusSnapshot {
  now: Date;
  page: PageInfo;
  components: ComponentView[];
  /** Visible incidents, newest first. */
  incidents: IncidentView[];
  /** Maintenance windows (not cancelled) in the history period or ahead, newest start first. */
  maintenances: MaintenanceView[];
  status: { indicator: Indicator; description: string };
  updatedAt: Date;
  historyDays: number;
}

/** Names from the service catalog, in which automatic incidents and updates are worded. */
export interface Naming {
  /** The public title of an incident on a component (the catalog's template). */
  publicTitle(componentId: string, service: string | undefined): string;
  componentName(componentId: string): string;
}

export interface SnapshotInput {
  now: Date;
  publishDelayMs: number;
  naming: Naming;
  page: PageInfo;
  historyDays: number;
  components: readonly ComponentInfo[];
  /** When the page first showed each component. */
  componentsSince: ReadonlyMap<string, Date>;
  incidents: readonly IncidentWithUpdates[];
  windows: readonly MaintenanceWindow[];
}

/** Builds the public picture from stored incidents and windows: which incidents show, every component's status and history. */
export function buildSnapshot(input: SnapshotInput): StatusSnapshot {
  const { now } = input;
  const publicIds = new Set(input.components.map((component) => component.id));
  const incidents = input.incidents
    .filter(({ incident }) => incident.components.some((component) => publicIds.has(component)))
    .flatMap(({ incident, updates }) => {
      const shownAt = publishedAt(incident, input.windows, input.publishDelayMs);
      return shownAt && shownAt <= now ? [toIncidentView(incident, updates, shownAt, publicIds, input.naming)] : [];
    });
  const maintenances = input.windows
    .filter((window) => !window.cancelled && window.components.some((component) => publicIds.has(component)))
    .map((window) => ({ window, status: maintenanceStatus(window, now), updatedAt: latestUpTo(now, window.updatedAt, window.startsAt, window.endsAt) }));
  const historyStart = new Date(now.getTime() - input.historyDays * 86_400_000);

  const components = input.components.map((component, index): ComponentView => {
    const since = input.componentsSince.get(component.id) ?? now;
    const intervals = incidents.flatMap((view) => impactIntervals(view, component.id, now));
    const windows = maintenances.map((view) => view.window).filter((window) => window.components.includes(component.id));
    const active = incidents.filter((view) => view.incident.status !== 'resolved').map((view) => view.currentImpact[component.id] ?? 'operational');
    const status: ComponentStatus = coveringWindows(windows, component.id, now).length > 0 ? 'under_maintenance' : worst<ComponentStatus>(active, 'operational');
    const changes = [
      since,
      ...intervals.flatMap((interval) => [interval.start, interval.end]),
      ...windows.flatMap((window) => [window.startsAt, window.endsAt]),
    ];
    return {
      id: component.id,
      name: component.name,
      ...(component.description !== undefined ? { description: component.description } : {}),
      ...(component.group !== undefined ? { group: component.group } : {}),
      position: index + 1,
      status,
      createdAt: since,
      updatedAt: latestUpTo(now, ...changes),
      uptime: uptimeHistory({
        days: input.historyDays,
        now,
        since: since > historyStart ? since : historyStart,
        incidents: intervals,
        maintenance: windows.map((window) => ({ start: window.startsAt, end: window.endsAt })),
      }),
    };
  });

  return {
    now,
    page: input.page,
    components,
    incidents,
    maintenances,
    status: pageStatus(components.map((component) => component.status)),
    updatedAt: latestUpTo(
      now,
      ...components.map((component) => component.updatedAt),
      ...incidents.map((view) => view.updatedAt),
      ...maintenances.map((view) => view.updatedAt),
    ),
    historyDays: input.historyDays,
  };
}

function toIncidentView(incident: PublicIncident, updates: IncidentUpdate[], shownAt: Date, publicIds: ReadonlySet<string>, naming: Naming): IncidentView {
  const publicOnly = (snapshot: Record<string, ImpactStatus>) =>
    Object.fromEntries(Object.entries(snapshot).filter(([component]) => publicIds.has(component))) as Record<string, ImpactStatus>;
  const components = incident.components.filter((component) => publicIds.has(component));
  const visibleUpdates = updates.map((update): WrittenUpdate => {
    const impact = update.impact ? publicOnly(update.impact) : undefined;
    const body =
      update.body ??
      automaticUpdateBody(update.kind ?? 'opened', impact ?? Object.fromEntries(components.map((id) => [id, 'operational' as const])), (id) =>
        naming.componentName(id),
      );
    return { ...update, body, ...(impact ? { impact } : {}) };
  });
  const firstComponent = components[0] ?? incident.components[0] ?? '';
  const snapshots = visibleUpdates.flatMap((update) => (update.impact ? [update.impact] : []));
  const worstEver = worst(snapshots.flatMap((snapshot) => Object.values(snapshot)), 'operational');
  return {
    incident: { ...incident, components, name: incident.name ?? naming.publicTitle(firstComponent, incident.service) },
    updates: visibleUpdates,
    publishedAt: shownAt,
    impact: incidentImpact(worstEver),
    currentImpact: snapshots.at(-1) ?? {},
    updatedAt: incident.updatedAt > shownAt ? incident.updatedAt : shownAt,
  };
}

/** The statuses the incident put the component in, over time, from its updates' impact records. */
function impactIntervals(view: IncidentView, componentId: string, now: Date): ImpactInterval[] {
  const end = view.incident.resolvedAt ?? now;
  const changes = view.updates.filter((update) => update.impact?.[componentId] !== undefined);
  return changes.flatMap((update, index) => {
    const next = changes[index + 1]?.at ?? end;
    const status = update.impact?.[componentId] ?? 'operational';
    return next > update.at ? [{ start: update.at, end: next, status, incidentName: view.incident.name }] : [];
  });
}

/** The latest of the times that are not in the future. */
function latestUpTo(now: Date, ...times: Date[]): Date {
  let result = new Date(0);
  for (const time of times) if (time <= now && time > result) result = time;
  return result;
}
