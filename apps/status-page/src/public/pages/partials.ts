import { formatDuration } from '@hookline/contracts/events';
import { publicIncidentStatusLabels } from '../../incidents/public-incident';
import { maintenanceStatusLabels } from '../../maintenance/maintenance-window';
import { type ComponentStatus, componentStatusLabels, type Indicator } from '../../status/component-status';
import { html, type Markup } from '../markup';
import type { ComponentView, IncidentView, MaintenanceView, StatusSnapshot } from '../status-snapshot';
import type { UptimeDay, UptimeHistory } from '../uptime';
import { day, percent, time } from './format';
import { statusIcon } from './layout';

export const impactLabels: Record<Indicator, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

export function statusText(status: ComponentStatus): Markup {
  return html`<span class="status s-${status}">${statusIcon(status)}${componentStatusLabels[status]}</span>`;
}

export function componentNames(snapshot: StatusSnapshot, ids: readonly string[]): string {
  const names = new Map(snapshot.components.map((component) => [component.id, component.name]));
  return ids.map((id) => names.get(id) ?? id).join(', ');
}

/** An incident as a card: name, status in words, its latest update, what it affects. */
export function incidentCard(snapshot: StatusSnapshot, view: IncidentView, headingLevel: 'h3' | 'h4' = 'h3'): Markup {
  const latest = view.updates.at(-1);
  const heading = html`<a href="/incidents/${view.incident.id}">${view.incident.name}</a>`;
  return html`<article class="card c-${view.impact}">
${headingLevel === 'h3' ? html`<h3>${heading}</h3>` : html`<h4>${heading}</h4>`}
<p><span class="badge">${publicIncidentStatusLabels[view.incident.status]}</span> <span class="meta">${impactLabels[view.impact]}</span></p>
${latest ? html`<p>${latest.body}</p><p class="meta">Last update ${time(latest.at > view.publishedAt ? latest.at : view.publishedAt)} · Affects ${componentNames(snapshot, view.incident.components)}</p>` : ''}
</article>`;
}

export function maintenanceCard(snapshot: StatusSnapshot, view: MaintenanceView, headingLevel: 'h3' | 'h4' = 'h3'): Markup {
  const { window } = view;
  const heading = html`<span class="kind s-under_maintenance">${statusIcon('under_maintenance')}Maintenance</span> ${window.title}`;
  return html`<article class="card c-maintenance" id="maintenance-${window.id}">
${headingLevel === 'h3' ? html`<h3>${heading}</h3>` : html`<h4>${heading}</h4>`}
<p><span class="badge">${maintenanceStatusLabels[view.status]}</span></p>
${window.description ? html`<p>${window.description}</p>` : ''}
<p class="meta">${time(window.startsAt)} to ${time(window.endsAt)} · Affects ${componentNames(snapshot, window.components)}</p>
</article>`;
}

/** A component with its status in words and its uptime bars, which a list in words repeats for anyone who cannot read the colours. */
export function componentItem(snapshot: StatusSnapshot, component: ComponentView): Markup {
  const uptime = component.uptime;
  const notable = uptime.days.filter((entry) => entry.status !== 'operational' && entry.status !== 'no_data');
  const summary = uptimeSummary(uptime);
  return html`<li class="component" id="component-${component.id}">
<div class="component-head"><span class="component-name">${component.name}</span>${statusText(component.status)}</div>
${component.description ? html`<p class="description">${component.description}</p>` : ''}
<ol class="bars" aria-hidden="true">${uptime.days.map((entry) => html`<li class="bar s-${entry.status}" title="${dayTitle(entry)}"></li>`)}</ol>
<p class="uptime-scale"><span><span class="long">${snapshot.historyDays} days ago</span><span class="short">30 days ago</span></span><strong>${summary}<span class="short"> (${snapshot.historyDays} days)</span></strong><span>Today</span></p>
${
  notable.length === 0
    ? html`<p class="meta">No incidents or maintenance in the last ${snapshot.historyDays} days.</p>`
    : html`<details><summary>${notable.length} ${notable.length === 1 ? 'day' : 'days'} with incidents or maintenance</summary><ul>${notable
        .slice()
        .reverse()
        .map((entry) => html`<li>${dayDescription(entry)}</li>`)}</ul></details>`
}
</li>`;
}

export function componentList(snapshot: StatusSnapshot): Markup {
  const groups: { name: string | undefined; members: ComponentView[] }[] = [];
  for (const component of snapshot.components) {
    const group = groups.find((candidate) => candidate.name === component.group);
    if (group) group.members.push(component);
    else groups.push({ name: component.group, members: [component] });
  }
  return html`${groups.map((group) =>
    group.name === undefined
      ? html`<ul class="components">${group.members.map((component) => componentItem(snapshot, component))}</ul>`
      : html`<section aria-label="${group.name}"><h3>${group.name}</h3><ul class="components">${group.members.map((component) =>
          componentItem(snapshot, component),
        )}</ul></section>`,
  )}`;
}

/** What the colours and patterns of the bars mean, in words. */
export function legend(): Markup {
  const entries: ComponentStatus[] = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
  return html`<ul class="legend" aria-label="What the uptime bars show">${entries.map(
    (status) => html`<li><span class="swatch bar s-${status}" aria-hidden="true"></span>${componentStatusLabels[status]}</li>`,
  )}<li><span class="swatch bar s-no_data" aria-hidden="true"></span>No data</li></ul>`;
}

function dayTitle(entry: UptimeDay): string {
  const date = new Date(`${entry.date}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  if (entry.status === 'no_data') return `${date}: no data`;
  if (entry.status === 'operational') return `${date}: no incidents`;
  return `${date}: ${minutesText(entry)}`;
}

function dayDescription(entry: UptimeDay): Markup {
  const names = entry.incidents.length > 0 ? ` (${entry.incidents.join('; ')})` : '';
  return html`${day(new Date(`${entry.date}T00:00:00Z`))}: ${minutesText(entry)}${names}`;
}

/** Under a day of data, a percentage would make a short outage read as a disaster: the days listed below say what happened instead. */
function uptimeSummary(uptime: UptimeHistory): string {
  if (uptime.percent !== undefined) return `${percent(uptime.percent)} uptime`;
  return uptime.observedMs > 0 ? 'Less than a day of data: no uptime figure yet' : 'No data yet';
}

function minutesText(entry: UptimeDay): string {
  return (Object.entries(entry.timeInStatus) as [ComponentStatus, number][])
    .map(([status, ms]) => `${componentStatusLabels[status].toLowerCase()} ${formatDuration(ms)}`)
    .join(', ');
}
