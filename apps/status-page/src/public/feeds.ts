import { eventIdFor } from '@hookline/contracts/events';
import { publicIncidentStatusLabels } from '../incidents/public-incident';
import { maintenanceStatusLabels } from '../maintenance/maintenance-window';
import { html, type Markup } from './markup';
import { type HistoryEntry, historyEntries } from './pages/pages';
import type { StatusSnapshot } from './status-snapshot';
import { incidentUrl } from './statuspage-json';

/** Feed readers want recent news, not the whole history period. */
const feedEntryLimit = 50;

interface FeedEntry {
  /** A permanent id (a `urn:uuid:`), stable across page URL changes. */
  id: string;
  title: string;
  link: string;
  published: Date;
  updated: Date;
  /** The updates as HTML, newest first, as Statuspage writes them. */
  content: Markup;
}

export interface Feed {
  body: string;
  /** The newest change among the entries (or the page's last change): Last-Modified. */
  updated: Date;
}

/** `GET /history.rss`: RSS 2.0 with an `atom:link rel="self"`, as the RSS Advisory Board recommends. */
export function rssFeed(snapshot: StatusSnapshot): Feed {
  const entries = feedEntries(snapshot);
  const updated = newest(snapshot, entries);
  const page = snapshot.page;
  const xml = html`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${page.name} status – incident history</title>
<link>${page.url}/</link>
<description>${`Incidents and maintenance of ${page.name}, newest first.`}</description>
<language>en</language>
<lastBuildDate>${updated.toUTCString()}</lastBuildDate>
<atom:link href="${page.url}/history.rss" rel="self" type="application/rss+xml"/>
${entries.map(
  (entry) => html`<item>
<title>${entry.title}</title>
<link>${entry.link}</link>
<guid isPermaLink="false">${entry.id}</guid>
<pubDate>${entry.published.toUTCString()}</pubDate>
<description>${entry.content.text}</description>
</item>
`,
)}</channel>
</rss>
`;
  return { body: xml.text, updated };
}

/** `GET /history.atom`: Atom 1.0 (RFC 4287). */
export function atomFeed(snapshot: StatusSnapshot): Feed {
  const entries = feedEntries(snapshot);
  const updated = newest(snapshot, entries);
  const page = snapshot.page;
  const xml = html`<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${`urn:uuid:${eventIdFor(`statuspage/feed/${page.url}`)}`}</id>
<title>${page.name} status – incident history</title>
<updated>${updated.toISOString()}</updated>
<link rel="alternate" type="text/html" href="${page.url}/history"/>
<link rel="self" type="application/atom+xml" href="${page.url}/history.atom"/>
<author><name>${page.name}</name><uri>${page.url}/</uri></author>
${entries.map(
  (entry) => html`<entry>
<id>${entry.id}</id>
<title>${entry.title}</title>
<link rel="alternate" type="text/html" href="${entry.link}"/>
<published>${entry.published.toISOString()}</published>
<updated>${entry.updated.toISOString()}</updated>
<content type="html">${entry.content.text}</content>
</entry>
`,
)}</feed>
`;
  return { body: xml.text, updated };
}

function feedEntries(snapshot: StatusSnapshot): FeedEntry[] {
  return historyEntries(snapshot).slice(0, feedEntryLimit).map((entry) => toFeedEntry(snapshot, entry));
}

function toFeedEntry(snapshot: StatusSnapshot, entry: HistoryEntry): FeedEntry {
  if (entry.kind === 'incident') {
    const { incident, updates, publishedAt } = entry.view;
    return {
      id: `urn:uuid:${eventIdFor(`statuspage/feed/incident/${incident.id}`)}`,
      title: incident.name,
      link: incidentUrl(snapshot, incident.id),
      published: publishedAt,
      updated: entry.view.updatedAt,
      content: html`${updates
        .slice()
        .reverse()
        .map((update) => html`<p><small>${stamp(update.at)}</small><br><strong>${publicIncidentStatusLabels[update.status]}</strong> - ${update.body}</p>`)}`,
    };
  }
  const { window, status, updatedAt } = entry.view;
  return {
    id: `urn:uuid:${eventIdFor(`statuspage/feed/maintenance/${window.id}`)}`,
    title: `Maintenance: ${window.title}`,
    link: `${snapshot.page.url}/history#maintenance-${window.id}`,
    published: window.createdAt < window.startsAt ? window.createdAt : window.startsAt,
    updated: updatedAt,
    content: html`<p><small>${stamp(window.startsAt)} to ${stamp(window.endsAt)}</small><br><strong>${maintenanceStatusLabels[status]}</strong> - ${
      window.description ?? 'Planned maintenance.'
    }</p>`,
  };
}

function newest(snapshot: StatusSnapshot, entries: readonly FeedEntry[]): Date {
  return entries.reduce((max, entry) => (entry.updated > max ? entry.updated : max), entries.length === 0 ? snapshot.updatedAt : new Date(0));
}

function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
