import { formatDuration } from '@hookline/contracts/events';
import { publicIncidentStatusLabels } from '../../incidents/public-incident';
import { componentStatusLabels } from '../../status/component-status';
import { html, type Markup } from '../markup';
import type { IncidentView, MaintenanceView, StatusSnapshot } from '../status-snapshot';
import { day, monthName, time } from './format';
import { indicatorStatus, layout, statusIcon } from './layout';
import { componentList, impactLabels, incidentCard, legend, maintenanceCard } from './partials';

const dayMs = 86_400_000;
/** Days of history on the front page; the rest is on /history. */
const recentDays = 7;

/** `GET /`: the overall status, what is going on now, every component with its uptime, and the last week. */
export function homePage(snapshot: StatusSnapshot): Markup {
  const active = snapshot.incidents.filter((view) => view.incident.status !== 'resolved');
  const maintenance = snapshot.maintenances.filter((view) => view.status !== 'completed').sort((a, b) => a.window.startsAt.getTime() - b.window.startsAt.getTime());
  const underMaintenance = snapshot.components.some((component) => component.status === 'under_maintenance');
  const overall = indicatorStatus(snapshot.status.indicator, underMaintenance);
  const body = html`<section class="banner s-${overall}" aria-labelledby="overall-status">
${statusIcon(overall)}<div><h1 id="overall-status">${snapshot.status.description}</h1>
<p class="meta">Last updated ${time(snapshot.updatedAt)}</p></div>
</section>
${
  active.length > 0
    ? html`<section aria-labelledby="active-incidents"><h2 id="active-incidents">Active incidents</h2>${active.map((view) => incidentCard(snapshot, view))}</section>`
    : ''
}
${
  maintenance.length > 0
    ? html`<section aria-labelledby="maintenance"><h2 id="maintenance">Maintenance</h2>${maintenance.map((view) => maintenanceCard(snapshot, view))}</section>`
    : ''
}
<section aria-labelledby="components"><h2 id="components">Components</h2>
${legend()}
${componentList(snapshot)}
</section>
<section aria-labelledby="past-incidents"><h2 id="past-incidents">Past incidents</h2>
${recentDayList(snapshot)}
<p><a href="/history">Full incident history</a></p>
</section>`;
  return layout({ pageName: snapshot.page.name, title: `${snapshot.page.name} status`, body });
}

/** `GET /incidents/:id`: every update, newest first, and what the incident did to which component. */
export function incidentPage(snapshot: StatusSnapshot, view: IncidentView): Markup {
  const { incident } = view;
  const names = new Map(snapshot.components.map((component) => [component.id, component.name]));
  const end = incident.resolvedAt ?? snapshot.now;
  const body = html`<article>
<h1>${incident.name}</h1>
<p><span class="badge">${publicIncidentStatusLabels[incident.status]}</span> <span class="meta">${impactLabels[view.impact]}</span></p>
<p class="meta">Started ${time(incident.createdAt)}${incident.resolvedAt ? html` · resolved ${time(incident.resolvedAt)} after ${formatDuration(end.getTime() - incident.createdAt.getTime())}` : ''}</p>
<h2>Affected components</h2>
<ul>${Object.entries(view.currentImpact).map(
    ([component, status]) =>
      html`<li>${names.get(component) ?? component}: ${incident.status === 'resolved' ? 'was affected; now operational' : componentStatusLabels[status]}</li>`,
  )}</ul>
<h2>Updates</h2>
<ol class="updates" reversed>${view.updates
    .slice()
    .reverse()
    .map(
      (update) => html`<li><h3>${publicIncidentStatusLabels[update.status]}</h3><p>${update.body}</p><p class="meta">${time(update.at)}</p></li>`,
    )}</ol>
</article>
<p><a href="/">Current status</a> · <a href="/history">Incident history</a></p>`;
  return layout({ pageName: snapshot.page.name, title: `${incident.name} – ${snapshot.page.name} status`, body });
}

/** `GET /history`: incidents and maintenance of the history period, by month, newest first. */
export function historyPage(snapshot: StatusSnapshot): Markup {
  const entries = historyEntries(snapshot);
  const months = new Map<string, HistoryEntry[]>();
  for (const entry of entries) {
    const key = monthName(entry.at);
    months.set(key, [...(months.get(key) ?? []), entry]);
  }
  const body = html`<h1>Incident history</h1>
<p class="meta">The last ${snapshot.historyDays} days. Follow it in a feed reader: <a href="/history.rss">RSS</a> or <a href="/history.atom">Atom</a>.</p>
${
  entries.length === 0
    ? html`<p class="empty">No incidents or maintenance in the last ${snapshot.historyDays} days.</p>`
    : [...months].map(
        ([month, list]) =>
          html`<section aria-label="${month}"><h2>${month}</h2>${list.map((entry) =>
            entry.kind === 'incident' ? incidentCard(snapshot, entry.view) : maintenanceCard(snapshot, entry.view),
          )}</section>`,
      )
}`;
  return layout({ pageName: snapshot.page.name, title: `Incident history – ${snapshot.page.name} status`, body });
}

export function notFoundPage(pageName: string): Markup {
  const body = html`<h1>Not found</h1><p>There is no such incident on this status page, or it is not public.</p><p><a href="/">Current status</a></p>`;
  return layout({ pageName, title: `Not found – ${pageName} status`, body });
}

export type HistoryEntry = { kind: 'incident'; at: Date; view: IncidentView } | { kind: 'maintenance'; at: Date; view: MaintenanceView };

/** Incidents and started maintenance windows of the history period, newest first: what the history page and the feeds list. */
export function historyEntries(snapshot: StatusSnapshot): HistoryEntry[] {
  const since = snapshot.now.getTime() - snapshot.historyDays * dayMs;
  const incidents: HistoryEntry[] = snapshot.incidents.map((view) => ({ kind: 'incident', at: view.incident.createdAt, view }));
  const maintenance: HistoryEntry[] = snapshot.maintenances
    .filter((view) => view.status !== 'scheduled')
    .map((view) => ({ kind: 'maintenance', at: view.window.startsAt, view }));
  return [...incidents, ...maintenance].filter((entry) => entry.at.getTime() >= since || isOngoing(entry)).sort((a, b) => b.at.getTime() - a.at.getTime());
}

function isOngoing(entry: HistoryEntry): boolean {
  return entry.kind === 'incident' ? entry.view.incident.status !== 'resolved' : entry.view.status === 'in_progress';
}

function recentDayList(snapshot: StatusSnapshot): Markup {
  const entries = historyEntries(snapshot);
  const today = Math.floor(snapshot.now.getTime() / dayMs) * dayMs;
  return html`${Array.from({ length: recentDays }, (_, index) => {
    const start = today - index * dayMs;
    const ofDay = entries.filter((entry) => entry.at.getTime() >= start && entry.at.getTime() < start + dayMs);
    return html`<section class="day" aria-label="${new Date(start).toISOString().slice(0, 10)}"><h3>${day(new Date(start))}</h3>${
      ofDay.length === 0
        ? html`<p class="empty">No incidents reported.</p>`
        : ofDay.map((entry) => (entry.kind === 'incident' ? incidentCard(snapshot, entry.view, 'h4') : maintenanceCard(snapshot, entry.view, 'h4')))
    }</section>`;
  })}`;
}

