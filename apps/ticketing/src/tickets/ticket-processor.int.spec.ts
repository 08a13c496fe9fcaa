import type { IncidentEvent, TicketEvent } from '@hookline/contracts/events';
import { Inbox, Outbox, queryRows } from '@hookline/platform/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Clock } from '../clock';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type TicketingTables, tablesOf } from '../db/tables';
import { SyncJobs } from '../sync/sync-jobs';
import { IncidentScript, specCatalog, specSecrets, throwawayTicketingDatabase } from '../testing/ticketing-fixtures';
import { CatalogTicketPolicy } from './ticket-policy';
import { TicketProcessor } from './ticket-processor';
import { TicketQueries } from './ticket-queries';
import { TicketStore } from './ticket-store';

// The processor against the run's real Postgres, in a schema of this spec's
// own (tickets, inbox, outbox, sync jobs), so a running ticketing app never
// touches these rows. Two processor instances stand for two replicas.

describe('TicketProcessor (Postgres)', () => {
  let dataSource: DataSource;
  let tables: TicketingTables;
  let jobs: SyncJobs;
  const catalog = specCatalog();
  const registry = new ConnectorRegistry(catalog, { secrets: specSecrets, sync: { timeoutMs: 1_000 } });
  const policy = new CatalogTicketPolicy(catalog, { defaultTier: 'tier-2' });
  const idle = { wake: () => undefined };

  beforeAll(async () => {
    dataSource = await throwawayTicketingDatabase();
    tables = tablesOf(dataSource);
    jobs = new SyncJobs(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const replica = () =>
    new TicketProcessor(dataSource, new Inbox(dataSource), new Outbox(tables.schema), new TicketStore(dataSource), jobs, policy, registry, idle, idle, new Clock());

  async function ticketsOf(incidentId: string) {
    return queryRows(
      dataSource,
      z.object({
        id: z.string(),
        status: z.string(),
        revision: z.number(),
        priority: z.string(),
        assignee: z.string().nullable(),
        acknowledged_by: z.string().nullable(),
        wont_fix: z.boolean(),
      }),
      `SELECT id, status, revision, priority, assignee, acknowledged_by, wont_fix FROM ${tables.tickets} WHERE incident_id = $1`,
      [incidentId],
    );
  }

  async function publishedFor(incidentId: string): Promise<TicketEvent[]> {
    const rows = await queryRows(dataSource, z.object({ payload: z.string() }), `SELECT payload FROM "${tables.schema}".outbox WHERE message_key = $1 ORDER BY id`, [incidentId]);
    return rows.map((row) => JSON.parse(row.payload) as TicketEvent);
  }

  async function syncActionsOf(ticketId: string): Promise<string[]> {
    const rows = await queryRows(dataSource, z.object({ action: z.string() }), `SELECT action FROM ${tables.syncJobs} WHERE ticket_id = $1 ORDER BY id`, [ticketId]);
    return rows.map((row) => row.action);
  }

  it('opens exactly one ticket per incident when its events are redelivered to two replicas at once', async () => {
    const scripts = Array.from({ length: 8 }, () => new IncidentScript());
    const opened = scripts.map((script) => script.next('incident.opened'));
    const updated = scripts.map((script) => script.next('incident.updated', { severity: 'critical', alertCount: 2 }));
    const [first, second] = [replica(), replica()];

    // Every event three times, spread over both replicas, all at once.
    const deliver = (events: IncidentEvent[]) => Promise.all(events.flatMap((event) => [first.applyIncident(event), second.applyIncident(event), first.applyIncident(event)]));
    await deliver(opened);
    await deliver(updated);

    for (const script of scripts) {
      const tickets = await ticketsOf(script.incidentId);
      expect(tickets).toHaveLength(1);
      expect(tickets[0]).toMatchObject({ status: 'open', revision: 2, priority: 'P1' });
      const events = await publishedFor(script.incidentId);
      expect(events.map((event) => [event.type, event.data.revision])).toEqual([
        ['ticket.opened', 1],
        ['ticket.updated', 2],
      ]);
      expect(await syncActionsOf(tickets[0]?.id as string)).toEqual(['create', 'update', 'comment']);
    }
  });

  it('applies a batch in order in one transaction, and the same batch again on two replicas at once changes nothing', async () => {
    const [a, b] = [new IncidentScript(), new IncidentScript()];
    const aOpened = a.next('incident.opened');
    const batch = [
      aOpened,
      b.next('incident.opened'),
      a.next('incident.acknowledged', { acknowledgedBy: 'alice' }),
      aOpened,
      b.next('incident.updated', { severity: 'critical', alertCount: 2 }),
      a.next('incident.resolved', { alertCount: 2 }, 20),
    ];

    const changes = await replica().applyIncidents(batch);
    const replayed = await Promise.all([replica().applyIncidents(batch), replica().applyIncidents([...batch].reverse())]);

    // The acknowledgement is recorded on the ticket without an event of its own.
    expect(changes.map((change) => change.published)).toEqual(['ticket.opened', 'ticket.opened', undefined, 'ticket.updated', 'ticket.closed']);
    expect(replayed).toEqual([[], []]);
    expect(await ticketsOf(a.incidentId)).toEqual([expect.objectContaining({ status: 'closed', acknowledged_by: 'alice' })]);
    expect(await ticketsOf(b.incidentId)).toEqual([expect.objectContaining({ status: 'open', priority: 'P1' })]);
    expect((await publishedFor(a.incidentId)).map((event) => [event.type, event.data.revision])).toEqual([
      ['ticket.opened', 1],
      ['ticket.closed', 2],
    ]);
  });

  it('ignores the same revision delivered again under another event id', async () => {
    const script = new IncidentScript();
    const opened = script.next('incident.opened');
    await replica().applyIncident(opened);

    const copy = { ...opened, id: '00000000-0000-4000-8000-000000000001' };
    const change = await replica().applyIncident(copy);

    expect(change).toBeUndefined();
    expect(await publishedFor(script.incidentId)).toHaveLength(1);
  });

  it('follows an incident through acknowledge, resolve and reopen on the same ticket', async () => {
    const script = new IncidentScript();
    const processor = replica();
    for (const event of [
      script.next('incident.opened'),
      script.next('incident.acknowledged', { acknowledgedBy: 'alice' }),
      script.next('incident.resolved', { alertCount: 2 }, 20),
      script.next('incident.reopened'),
    ]) {
      await processor.applyIncident(event);
    }

    const [ticket] = await ticketsOf(script.incidentId);
    expect(await ticketsOf(script.incidentId)).toHaveLength(1);
    expect(ticket).toMatchObject({ status: 'open', revision: 3 });
    const events = await publishedFor(script.incidentId);
    expect(events.map((event) => event.type)).toEqual(['ticket.opened', 'ticket.closed', 'ticket.reopened']);
    expect(events[1]?.data).toMatchObject({ status: 'closed', closedReason: 'incident_resolved', resolutionNote: 'Resolved after 21 min, 2 alerts: every alert recovered.' });
    expect(await syncActionsOf(ticket?.id as string)).toEqual(['create', 'comment', 'close', 'reopen', 'comment']);
  });

  it("leaves a ticket closed as won't fix closed when its incident reopens", async () => {
    const script = new IncidentScript();
    const processor = replica();
    await processor.applyIncident(script.next('incident.opened'));
    const [opened] = await ticketsOf(script.incidentId);

    const closed = await processor.applyPerson(opened?.id as string, { by: 'bob', status: 'closed', resolution: 'wont_fix', note: 'known flaky check' });
    await processor.applyIncident(script.next('incident.resolved'));
    await processor.applyIncident(script.next('incident.reopened'));

    expect(closed).toMatchObject({ status: 'closed', wontFix: true, closedBy: 'bob', resolutionNote: 'known flaky check' });
    expect(await ticketsOf(script.incidentId)).toMatchObject([{ status: 'closed', wont_fix: true, revision: 2 }]);
    expect((await publishedFor(script.incidentId)).map((event) => event.type)).toEqual(['ticket.opened', 'ticket.closed']);
  });

  it('never creates a ticket from a resolution or for a test incident', async () => {
    const late = new IncidentScript({ status: 'resolved' });
    const test = new IncidentScript({ test: true });

    await replica().applyIncident(late.next('incident.resolved'));
    await replica().applyIncident(test.next('incident.opened'));

    expect(await ticketsOf(late.incidentId)).toEqual([]);
    expect(await ticketsOf(test.incidentId)).toEqual([]);
  });

  it('queues no external work for a team without a connector', async () => {
    const script = new IncidentScript({ service: 'search-api', tier: 'tier-2', team: 'discovery' });
    await replica().applyIncident(script.next('incident.opened'));

    const [ticket] = await ticketsOf(script.incidentId);
    expect(ticket?.assignee).toBe('eli');
    expect(await syncActionsOf(ticket?.id as string)).toEqual([]);
  });

  it('serves tickets newest first by status and team with a keyset cursor, and one with its comments and sync jobs', async () => {
    const scripts = [new IncidentScript({ severity: 'warning' }), new IncidentScript({ severity: 'warning' }), new IncidentScript({ severity: 'warning' })];
    const processor = replica();
    for (const script of scripts) await processor.applyIncident(script.next('incident.opened'));
    const queries = new TicketQueries(dataSource, jobs);

    const first = await queries.list({ team: 'payments', status: 'open', limit: 2 });
    const second = await queries.list({ team: 'payments', status: 'open', limit: 2, cursor: first.nextCursor as string });

    expect(first.tickets.map((ticket) => ticket.incidentId)).toEqual([scripts[2]?.incidentId, scripts[1]?.incidentId]);
    expect(second.tickets[0]?.incidentId).toBe(scripts[0]?.incidentId);
    const detail = await queries.detail(first.tickets[0]?.ticketId as string);
    expect(detail?.ticket).toMatchObject({ priority: 'P3', team: 'payments', queue: 'PAY', sync: { pending: 1, failed: 0 } });
    expect(detail?.comments[0]?.body).toMatch(/^Opened for incident .*: warning on checkout-api, 1 alert\. Routed to payments \(queue PAY\)/);
    expect(detail?.syncJobs).toMatchObject([{ action: 'create', state: 'pending', attempts: 0 }]);
  });
});
