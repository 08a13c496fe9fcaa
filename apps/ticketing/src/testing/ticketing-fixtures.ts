import { Catalog, parseCatalog } from '@hookline/catalog';
import { createEvent, eventIdFor, type IncidentData, type IncidentEvent, type IncidentEventType, topics } from '@hookline/contracts/events';
import { createDataSource, runMigrations } from '@hookline/platform/persistence';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ticketingDatabaseIn } from '../db/database';

// Shared by the ticketing specs (not part of the app): a catalog of their
// own with both connector kinds, incident events as the correlator writes
// them, and the ticketing tables in a throwaway schema.

export const deskToken = 'desk-token-for-specs-only';
export const jiraEmail = 'hookline@example.com';
export const jiraToken = 'jira-token-for-specs-only';

/** The secrets the spec catalog's connectors name. */
export const specSecrets: ReadonlyMap<string, string> = new Map([
  ['TICKETING_SECRET_DESK', deskToken],
  ['TICKETING_SECRET_JIRA', jiraToken],
]);

/** What the fake ticket system expects in `Authorization`, per dialect. */
export const specAuthorization = { desk: `Bearer ${deskToken}`, jira: `Basic ${Buffer.from(`${jiraEmail}:${jiraToken}`).toString('base64')}` };

/**
 * payments (Berlin, weekly Monday 09:00, an override) syncs to the generic
 * desk; platform (London, weekly Wednesday 10:00, queue OPS) to Jira;
 * discovery (New York, daily 08:30) has no external system. A critical
 * checkout alert outside Berlin business hours goes to platform.
 */
export function specCatalogYaml(externalUrl: string): string {
  return `
services:
  checkout-api: { tier: tier-1, team: payments, costPerMinute: 100 }
  search-api: { tier: tier-2, team: discovery, costPerMinute: 10 }
  batch-job: { tier: tier-3, team: platform, costPerMinute: 0 }
teams:
  payments:
    name: Payments
    ticketQueue: PAY
    timeZone: Europe/Berlin
    rotation: { handOff: weekly, handOffDay: monday, handOffTime: "09:00", start: 2026-01-05, members: [alice, bob, chen] }
    overrides:
      - { person: dora, from: "2026-03-03T09:00:00+01:00", to: "2026-03-05T09:00:00+01:00", reason: chen at a conference }
    connector:
      kind: http
      system: desk
      baseUrl: ${externalUrl}/desk
      auth: { header: Authorization, scheme: Bearer, secret: TICKETING_SECRET_DESK }
      create:
        path: /tickets
        body: { title: "{{ticket.title}}", priority: "{{ticket.priority}}", assignee: "{{ticket.assignee}}", reference: "{{label}}", description: "{{ticket.description}}" }
        idFrom: ticket.id
        urlFrom: links.html
      update: { method: PATCH, path: "/tickets/{{external.id}}", body: { priority: "{{ticket.priority}}", assignee: "{{ticket.assignee}}" } }
      comment: { path: "/tickets/{{external.id}}/comments", body: { text: "{{comment.author}}: {{comment.body}}" } }
      close: { path: "/tickets/{{external.id}}/close", body: { note: "{{ticket.resolutionNote}}" } }
      reopen: { path: "/tickets/{{external.id}}/reopen" }
  discovery:
    name: Discovery
    timeZone: America/New_York
    rotation: { handOff: daily, handOffTime: "08:30", start: 2026-01-01, members: [dana, eli] }
  platform:
    name: Platform
    ticketQueue: OPS
    timeZone: Europe/London
    rotation: { handOff: weekly, handOffDay: wednesday, handOffTime: "10:00", start: 2026-01-07, members: [farah, gus] }
    connector:
      kind: jira
      baseUrl: ${externalUrl}/jira
      auth: { email: ${jiraEmail}, secret: TICKETING_SECRET_JIRA }
businessHours: { timeZone: Europe/Berlin, start: "09:00", end: "18:00" }
routing:
  - match: { services: [checkout-api], severities: [critical], during: outside_business_hours }
    team: platform
`;
}

export function specCatalog(externalUrl = 'http://127.0.0.1:9'): Catalog {
  return new Catalog(parseCatalog(specCatalogYaml(externalUrl), 'spec catalog'));
}

/**
 * One incident's events as the correlator publishes them: full state, the
 * revision one higher each time, deterministic event ids (a redelivery is
 * the same event).
 */
export class IncidentScript {
  private state: IncidentData;

  constructor(overrides: Partial<IncidentData> = {}, private clock = Date.parse('2026-03-10T12:00:00Z')) {
    this.state = {
      incidentId: randomUUID(),
      revision: 0,
      correlationKey: uniqueName('key'),
      title: 'Checkout requests fail',
      status: 'open',
      severity: 'error',
      service: 'checkout-api',
      tier: 'tier-1',
      team: 'payments',
      openedAt: new Date(this.clock).toISOString(),
      alertCount: 1,
      flapping: false,
      test: false,
      ...overrides,
    };
  }

  get incidentId(): string {
    return this.state.incidentId;
  }

  /** The next event, `minutes` after the previous one, with `changes` applied to the incident. */
  next(type: IncidentEventType, changes: Partial<IncidentData> = {}, minutes = 1): IncidentEvent {
    this.clock += minutes * 60_000;
    const at = new Date(this.clock);
    const status = type === 'incident.resolved' ? 'resolved' : type === 'incident.acknowledged' ? 'acknowledged' : type === 'incident.reopened' ? 'open' : this.state.status;
    const { resolvedAt: _resolvedAt, resolution: _resolution, ...unresolved } = this.state;
    this.state = {
      ...(type === 'incident.reopened' ? unresolved : this.state),
      status,
      ...(type === 'incident.resolved' ? { resolvedAt: at.toISOString(), resolution: { reason: 'alerts_resolved' as const } } : {}),
      ...changes,
      revision: this.state.revision + 1,
    };
    if (type === 'incident.opened') this.state.openedAt = at.toISOString();
    return createEvent(
      topics.incident,
      { type, source: 'spec', subject: this.state.incidentId, data: this.state },
      { id: eventIdFor(`spec/incident/${this.state.incidentId}/${this.state.revision}`), time: at },
    );
  }
}

/** The ticketing tables (and inbox, outbox) in a schema of the spec's own, so no running app touches its rows. */
export async function throwawayTicketingDatabase(): Promise<DataSource> {
  const definition = ticketingDatabaseIn(uniqueName('spec_ticketing'));
  const dataSource = createDataSource({ url: testInfrastructure().databaseUrl, ...definition, poolSize: 8 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}
