import { randomUUID } from 'node:crypto';
import { createEvent, type MaintenanceData, type MaintenanceEvent, type Severity, type TicketData, type TicketEvent, topics } from '@hookline/contracts/events';
import { createDataSource, Inbox, queryRow, queryRows } from '@hookline/platform/persistence';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { IncidentStory } from './incident-story.fixture';
import type { LedgerRates } from './ledger-rates';
import { SlaQueries } from '../sla/sla-queries';
import { LedgerRecorder } from './ledger-recorder';

// The recorder and the analyst views against the run's real Postgres, in the
// migrated `ledger` schema shared with other specs: every test uses service,
// component and team names of its own, so its rows are the only ones it sees.

const weights: Record<Severity, number> = { critical: 1, error: 0.5, warning: 0.25, info: 0 };
const rates: LedgerRates = { costPerMinute: () => 10, severityWeight: (severity) => weights[severity] };

/** The view's numerics as Postgres prints them (strings), so the specs compare what an analyst's client shows. */
const slaRow = z.object({
  month: z.string(),
  incidents: z.number(),
  period_minutes: z.string(),
  maintenance_minutes: z.string(),
  downtime_minutes: z.string(),
  weighted_downtime_minutes: z.string(),
  uptime_percent: z.string().nullable(),
  strict_uptime_percent: z.string().nullable(),
});

describe('LedgerRecorder (Postgres)', () => {
  let dataSource: DataSource;
  let recorder: LedgerRecorder;

  beforeAll(async () => {
    dataSource = createDataSource({ url: testInfrastructure().databaseUrl, schema: 'ledger', entities: [], migrations: [], poolSize: 4 });
    await dataSource.initialize();
    recorder = new LedgerRecorder(dataSource, new Inbox(dataSource), rates);
  });
  afterAll(() => dataSource.destroy());

  async function sla(service: string) {
    return queryRows(
      dataSource,
      slaRow,
      `SELECT to_char(month, 'YYYY-MM') AS month, incidents, period_minutes, maintenance_minutes, downtime_minutes, weighted_downtime_minutes,
              uptime_percent, strict_uptime_percent
       FROM ledger.sla_by_service_month WHERE service = $1 ORDER BY month`,
      [service],
    );
  }

  async function entry(incidentId: string): Promise<Record<string, unknown>> {
    const row = await queryRow(dataSource, z.record(z.string(), z.unknown()), 'SELECT * FROM ledger.entries WHERE incident_id = $1', [incidentId]);
    if (!row) throw new Error(`no entry for ${incidentId}`);
    return row;
  }

  function maintenance(component: string, startsAt: string, endsAt: string, change: Partial<MaintenanceData> = {}): MaintenanceEvent {
    const data: MaintenanceData = {
      maintenanceId: uniqueName('maintenance'),
      revision: 1,
      title: 'Database upgrade',
      components: [component],
      startsAt,
      endsAt,
      cancelled: false,
      ...change,
    };
    return createEvent(topics.maintenance, { type: data.cancelled ? 'maintenance.cancelled' : 'maintenance.scheduled', source: 'hookline/status-page', data });
  }

  function ticket(incidentId: string, revision: number, change: Partial<TicketData> = {}): TicketEvent {
    const data: TicketData = { ticketId: `tkt-${incidentId}`, incidentId, revision, title: 'Checkout down', priority: 'P1', status: 'open', ...change };
    return createEvent(topics.ticket, { type: revision === 1 ? 'ticket.opened' : 'ticket.updated', source: 'hookline/ticketing', data });
  }

  it('counts overlapping incidents on one service once: 00:00–02:00 and 01:00–03:00 is 180 minutes', async () => {
    const service = uniqueName('svc');
    const first = new IncidentStory(service, '2026-03-01T00:00:00.000Z');
    const second = new IncidentStory(service, '2026-03-01T01:00:00.000Z');

    await recorder.recordIncidents([first.opened(), second.opened(), first.resolved('2026-03-01T02:00:00.000Z'), second.resolved('2026-03-01T03:00:00.000Z')]);

    expect(await sla(service)).toEqual([
      expect.objectContaining({ month: '2026-03', incidents: 2, period_minutes: '44640.00', downtime_minutes: '180.00', uptime_percent: '99.5968' }),
    ]);
    expect(await entry(first.incidentId)).toMatchObject({ duration_seconds: '7200.000', downtime_cost: '1200.00', in_maintenance: false });
  });

  it('leaves maintenance out of downtime and of the measured time, and puts it back when the window is cancelled', async () => {
    const service = uniqueName('svc');
    const component = uniqueName('component');
    const story = new IncidentStory(service, '2026-04-02T00:00:00.000Z', { component });
    await recorder.recordIncidents([story.opened(), story.resolved('2026-04-02T03:00:00.000Z')]);

    // The window arrives after the incident it overlaps (another topic, another order).
    const window = maintenance(component, '2026-04-02T01:00:00.000Z', '2026-04-02T02:00:00.000Z');
    await recorder.recordMaintenance([window]);

    expect(await sla(service)).toEqual([
      expect.objectContaining({ maintenance_minutes: '60.00', downtime_minutes: '120.00', uptime_percent: (100 * (1 - 120 / (43200 - 60))).toFixed(4) }),
    ]);
    expect(await entry(story.incidentId)).toMatchObject({ in_maintenance: true, maintenance_seconds: '3600.000', weighted_downtime_seconds: '7200.000' });

    await recorder.recordMaintenance([maintenance(component, window.data.startsAt, window.data.endsAt, { maintenanceId: window.data.maintenanceId, revision: 2, cancelled: true })]);

    expect(await sla(service)).toEqual([expect.objectContaining({ maintenance_minutes: '0.00', downtime_minutes: '180.00' })]);
    expect(await entry(story.incidentId)).toMatchObject({ in_maintenance: false, maintenance_seconds: '0.000' });
  });

  it('applies a maintenance window that arrived before the incident, and ignores an older revision of it', async () => {
    const service = uniqueName('svc');
    const component = uniqueName('component');
    const window = maintenance(component, '2026-04-05T00:30:00.000Z', '2026-04-05T01:00:00.000Z');
    const moved = maintenance(component, '2026-04-05T00:00:00.000Z', '2026-04-05T01:00:00.000Z', { maintenanceId: window.data.maintenanceId, revision: 2 });
    await recorder.recordMaintenance([moved]);
    await recorder.recordMaintenance([window]);

    const story = new IncidentStory(service, '2026-04-05T00:00:00.000Z', { component });
    await recorder.recordIncidents([story.opened(), story.resolved('2026-04-05T02:00:00.000Z')]);

    expect(await sla(service)).toEqual([expect.objectContaining({ maintenance_minutes: '60.00', downtime_minutes: '60.00' })]);
  });

  it('splits an incident that crosses a month boundary between the two months', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-01-31T23:00:00.000Z');

    await recorder.recordIncidents([story.opened(), story.resolved('2026-02-01T01:00:00.000Z')]);

    expect(await sla(service)).toEqual([
      expect.objectContaining({ month: '2026-01', incidents: 1, downtime_minutes: '60.00', period_minutes: '44640.00' }),
      expect.objectContaining({ month: '2026-02', incidents: 1, downtime_minutes: '60.00', period_minutes: '40320.00' }),
    ]);
    expect(await entry(story.incidentId)).toMatchObject({ duration_seconds: '7200.000', time_to_resolve_seconds: '7200.000' });
  });

  it('counts a still-open incident up to now', async () => {
    const service = uniqueName('svc');
    const openedAt = new Date(Date.now() - 30 * 60_000);
    const story = new IncidentStory(service, openedAt.toISOString());

    await recorder.recordIncidents([story.opened()]);

    const [row] = await sla(service);
    const minutesSinceOpened = (Date.now() - openedAt.getTime()) / 60_000;
    expect(row?.month).toBe(openedAt.toISOString().slice(0, 7));
    expect(Number(row?.downtime_minutes)).toBeGreaterThanOrEqual(30);
    expect(Number(row?.downtime_minutes)).toBeLessThanOrEqual(minutesSinceOpened + 0.01);
    expect(await entry(story.incidentId)).toMatchObject({ status: 'open', duration_seconds: null, downtime_cost: null });
  });

  it('counts an incident open for months in full for the months in between, and the current month up to now', async () => {
    const service = uniqueName('svc');
    const now = new Date();
    const monthStart = (offset: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
    const openedAt = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 15, 12);
    const story = new IncidentStory(service, new Date(openedAt).toISOString());

    await recorder.recordIncidents([story.opened()]);
    // As on the first of a month with no event since: the new month has no pre-aggregated row yet.
    await dataSource.query('DELETE FROM ledger.service_months WHERE service = $1 AND month = $2::date', [service, new Date(monthStart(0)).toISOString().slice(0, 10)]);

    const rows = await sla(service);
    const month = (offset: number) => new Date(monthStart(offset)).toISOString().slice(0, 7);
    expect(rows.map((row) => row.month)).toEqual([month(-2), month(-1), month(0)]);
    expect(rows[0]?.downtime_minutes).toBe(((monthStart(-1) - openedAt) / 60_000).toFixed(2));
    expect(rows[1]).toMatchObject({ downtime_minutes: ((monthStart(0) - monthStart(-1)) / 60_000).toFixed(2), uptime_percent: '0.0000' });
    expect(Number(rows[2]?.downtime_minutes)).toBeCloseTo(Number(rows[2]?.period_minutes), 0);
    expect(Number(rows[2]?.downtime_minutes)).toBeGreaterThanOrEqual((now.getTime() - monthStart(0)) / 60_000 - 0.01);
  });

  it('weights a partial outage by severity, each instant at the highest severity open then', async () => {
    const service = uniqueName('svc');
    const critical = new IncidentStory(service, '2026-05-01T00:00:00.000Z', { severity: 'critical' });
    const warning = new IncidentStory(service, '2026-05-01T01:00:00.000Z', { severity: 'warning' });

    await recorder.recordIncidents([critical.opened(), critical.resolved('2026-05-01T02:00:00.000Z')]);
    await recorder.recordIncidents([warning.opened(), warning.resolved('2026-05-01T04:00:00.000Z')]);

    // 2 h at weight 1, then 2 h of the warning alone at 0.25; strictly, 4 h of downtime.
    expect(await sla(service)).toEqual([expect.objectContaining({ downtime_minutes: '240.00', weighted_downtime_minutes: '150.00' })]);
    const cost = await queryRow(dataSource, z.object({ downtime_cost: z.string() }), 'SELECT downtime_cost FROM ledger.downtime_cost_by_service_month WHERE service = $1', [service]);
    expect(cost?.downtime_cost).toBe('1500.00');
  });

  it('weighs each part of an incident by the severity it had then, and records the highest it reached', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-05-03T00:00:00.000Z', { severity: 'warning' });

    await recorder.recordIncidents([story.opened(), story.escalated('2026-05-03T01:00:00.000Z', 'critical'), story.resolved('2026-05-03T02:00:00.000Z')]);

    expect(await entry(story.incidentId)).toMatchObject({ severity: 'critical', weighted_downtime_seconds: '4500.000', downtime_cost: '750.00' });
  });

  it('keeps an incident in one state as one span, and leaves its month alone when an update changes nothing it counts', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-07-01T00:00:00.000Z', { severity: 'error' });
    const refreshedAt = async () =>
      (await queryRows(dataSource, z.object({ refreshed_at: z.date() }), 'SELECT refreshed_at FROM ledger.service_months WHERE service = $1', [service])).map((row) => row.refreshed_at);
    const spans = async () =>
      queryRows(dataSource, z.object({ starts_at: z.date(), ends_at: z.date().nullable() }), 'SELECT starts_at, ends_at FROM ledger.outage_spans WHERE incident_id = $1 ORDER BY starts_at', [
        story.incidentId,
      ]);
    await recorder.recordIncidents([story.opened(), story.escalated('2026-07-01T00:10:00.000Z', 'error')]);
    const before = await refreshedAt();

    // More alerts at the same severity, then an acknowledgement: the outage goes on as it was.
    await recorder.recordIncidents([story.escalated('2026-07-01T00:20:00.000Z', 'error'), story.acknowledged('2026-07-01T00:30:00.000Z')]);

    expect(await spans()).toEqual([{ starts_at: new Date('2026-07-01T00:00:00.000Z'), ends_at: null }]);
    expect(await refreshedAt()).toEqual(before);

    await recorder.recordIncidents([story.escalated('2026-07-01T00:40:00.000Z', 'critical'), story.resolved('2026-07-01T01:00:00.000Z')]);

    expect(await spans()).toEqual([
      { starts_at: new Date('2026-07-01T00:00:00.000Z'), ends_at: new Date('2026-07-01T00:40:00.000Z') },
      { starts_at: new Date('2026-07-01T00:40:00.000Z'), ends_at: new Date('2026-07-01T01:00:00.000Z') },
    ]);
    expect(await refreshedAt()).not.toEqual(before);
    expect(await sla(service)).toEqual([expect.objectContaining({ downtime_minutes: '60.00', weighted_downtime_minutes: '40.00' })]);
  });

  it('leaves the time between a resolution and a reopening out, and takes the first acknowledgement for time to acknowledge', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-06-01T00:00:00.000Z');

    await recorder.recordIncidents([
      story.opened(),
      story.acknowledged('2026-06-01T00:10:00.000Z'),
      story.resolved('2026-06-01T01:00:00.000Z'),
      story.reopened('2026-06-01T01:30:00.000Z'),
      story.acknowledged('2026-06-01T01:40:00.000Z', 'bob'),
      story.resolved('2026-06-01T02:00:00.000Z'),
    ]);

    expect(await entry(story.incidentId)).toMatchObject({
      status: 'resolved',
      reopen_count: 1,
      acknowledged_by: 'alice',
      time_to_acknowledge_seconds: '600.000',
      time_to_resolve_seconds: '7200.000',
      duration_seconds: '5400.000',
    });
    expect(await sla(service)).toEqual([expect.objectContaining({ downtime_minutes: '90.00' })]);
  });

  it('changes nothing when events are replayed, even after the inbox forgot them', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-07-01T00:00:00.000Z');
    const events = [story.opened(), story.acknowledged('2026-07-01T00:05:00.000Z'), story.resolved('2026-07-01T01:00:00.000Z')];
    const tickets = [ticket(story.incidentId, 1), ticket(story.incidentId, 2, { externalRef: { system: 'jira', id: 'OPS-7' } })];
    await recorder.recordIncidents(events);
    await recorder.recordTickets(tickets);
    const before = await entry(story.incidentId);

    const replayed = await recorder.recordIncidents(events);
    await dataSource.query('DELETE FROM ledger.inbox WHERE event_id = ANY($1::uuid[])', [[...events, ...tickets].map((event) => event.id)]);
    const replayedAfterInboxLoss = (await recorder.recordIncidents(events)) + (await recorder.recordTickets(tickets));

    expect(replayed).toBe(0);
    expect(replayedAfterInboxLoss).toBe(5);
    const history = await queryRow(dataSource, z.object({ n: z.number() }), 'SELECT count(*)::int AS n FROM ledger.entry_history WHERE incident_id = $1', [story.incidentId]);
    expect(history?.n).toBe(5);
    expect(await entry(story.incidentId)).toEqual({ ...before, updated_at: expect.any(Date) });
    expect(await sla(service)).toEqual([expect.objectContaining({ incidents: 1, downtime_minutes: '60.00' })]);
  });

  it('keeps the ticket reference whichever topic arrives first', async () => {
    const service = uniqueName('svc');
    const early = new IncidentStory(service, '2026-08-01T00:00:00.000Z');
    const late = new IncidentStory(service, '2026-08-02T00:00:00.000Z');

    // A ticket event before its incident has reached the ledger…
    await recorder.recordTickets([ticket(early.incidentId, 1), ticket(early.incidentId, 2, { externalRef: { system: 'jira', id: 'OPS-1', url: 'https://jira.example.com/browse/OPS-1' } })]);
    await recorder.recordIncidents([early.opened(), late.opened()]);
    // …and one after, including an older revision arriving late, which must not win.
    await recorder.recordTickets([ticket(late.incidentId, 2, { externalRef: { system: 'jira', id: 'OPS-2' } })]);
    await recorder.recordTickets([ticket(late.incidentId, 1)]);

    expect(await entry(early.incidentId)).toMatchObject({
      ticket_id: `tkt-${early.incidentId}`,
      ticket_system: 'jira',
      ticket_ref: 'OPS-1',
      ticket_url: 'https://jira.example.com/browse/OPS-1',
    });
    expect(await entry(late.incidentId)).toMatchObject({ ticket_system: 'jira', ticket_ref: 'OPS-2' });
  });

  it('gives the same entry whatever order the incident and ticket events came in', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-08-10T00:00:00.000Z', { team: uniqueName('team') });
    const events = [story.opened(), story.acknowledged('2026-08-10T00:02:00.000Z'), story.resolved('2026-08-10T00:30:00.000Z')];
    const tickets = [ticket(story.incidentId, 1), ticket(story.incidentId, 2, { externalRef: { system: 'jira', id: 'OPS-3' } })];

    await recorder.recordIncidents(events);
    await recorder.recordTickets(tickets);
    const mirrored = randomUUID();
    await recorder.recordTickets(tickets.map((event) => ({ ...event, id: randomUUID(), data: { ...event.data, incidentId: mirrored } })));
    await recorder.recordIncidents(events.map((event) => ({ ...event, id: randomUUID(), data: { ...event.data, incidentId: mirrored } })));

    const { incident_id: _a, updated_at: _b, ...inOrder } = await entry(story.incidentId);
    const { incident_id: _c, updated_at: _d, ...reversed } = await entry(mirrored);
    expect(reversed).toEqual(inOrder);
  });

  it('keeps test incidents as flagged entries and out of every analyst figure', async () => {
    const service = uniqueName('svc');
    const team = uniqueName('team');
    const story = new IncidentStory(service, '2026-09-01T00:00:00.000Z', { test: true, team });

    await recorder.recordIncidents([story.opened(), story.resolved('2026-09-01T01:00:00.000Z')]);

    expect(await entry(story.incidentId)).toMatchObject({ test: true, duration_seconds: '3600.000' });
    expect(await sla(service)).toEqual([]);
    expect(await dataSource.query('SELECT * FROM ledger.mttr_by_team_month WHERE team = $1', [team])).toEqual([]);
    expect(await dataSource.query('SELECT * FROM ledger.downtime_cost_by_service_month WHERE service = $1', [service])).toEqual([]);
  });

  it('reports time to acknowledge and to resolve per team and month', async () => {
    const team = uniqueName('team');
    const service = uniqueName('svc');
    const quick = new IncidentStory(service, '2026-10-01T00:00:00.000Z', { team });
    const slow = new IncidentStory(service, '2026-10-02T00:00:00.000Z', { team });
    const open = new IncidentStory(service, '2026-10-03T00:00:00.000Z', { team });

    await recorder.recordIncidents([
      quick.opened(),
      quick.acknowledged('2026-10-01T00:02:00.000Z'),
      quick.resolved('2026-10-01T00:20:00.000Z'),
      slow.opened(),
      slow.acknowledged('2026-10-02T00:10:00.000Z'),
      slow.resolved('2026-10-02T01:00:00.000Z'),
      open.opened(),
    ]);

    const mttr: unknown[] = await dataSource.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, incidents, resolved, mean_minutes_to_resolve, median_minutes_to_resolve
       FROM ledger.mttr_by_team_month WHERE team = $1`,
      [team],
    );
    expect(mttr).toEqual([{ month: '2026-10', incidents: 3, resolved: 2, mean_minutes_to_resolve: '40.00', median_minutes_to_resolve: '40.00' }]);
    expect(await dataSource.query('SELECT * FROM ledger.mtta_by_team_month WHERE team = $1', [team])).toEqual([
      expect.objectContaining({ incidents: 3, acknowledged: 2, mean_minutes_to_acknowledge: '6.00' }),
    ]);
  });

  /*
   * The status page's side of the same outage is in apps/status-page/src/public/status-snapshot.spec.ts
   * ("gives the uptime the ledger gives"): one definition of uptime, computed by each app.
   */
  it('gives the uptime the status page gives for one 95-second outage in a month', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-03-10T12:00:00.000Z');

    await recorder.recordIncidents([story.opened(), story.resolved('2026-03-10T12:01:35.000Z')]);

    const [march] = await sla(service);
    expect(Number(march?.uptime_percent)).toBeCloseTo(100 * (1 - 95 / (31 * 86_400)), 4);
  });

  it('reports the SLA month as the view holds it, the first day of the month', async () => {
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-12-01T00:00:00.000Z');
    await recorder.recordIncidents([story.opened(), story.resolved('2026-12-01T00:10:00.000Z')]);

    const report = await new SlaQueries(dataSource).report({ from: '2026-12', to: '2026-12', service, format: 'csv' });

    const view = await queryRow(dataSource, z.object({ month: z.string() }), 'SELECT month::text AS month FROM ledger.sla_by_service_month WHERE service = $1', [service]);
    expect(report.rows.map((row) => row.month)).toEqual(['2026-12-01']);
    expect(view?.month).toBe('2026-12-01');
  });

  it('records the owning and the handling team, and credits time to resolve to the team that handled the incident', async () => {
    const owner = uniqueName('team');
    const handler = uniqueName('team');
    const service = uniqueName('svc');
    const story = new IncidentStory(service, '2026-11-03T00:00:00.000Z', { team: owner });

    // The ticket first, as it may arrive: the entry takes its team whichever topic came first.
    await recorder.recordTickets([ticket(story.incidentId, 1, { team: handler })]);
    await recorder.recordIncidents([story.opened(), story.acknowledged('2026-11-03T00:04:00.000Z'), story.resolved('2026-11-03T00:30:00.000Z')]);

    expect(await entry(story.incidentId)).toMatchObject({ team: owner, handling_team: handler });
    expect(await dataSource.query('SELECT incidents, resolved, mean_minutes_to_resolve, owned_elsewhere FROM ledger.mttr_by_team_month WHERE team = $1', [handler])).toEqual([
      { incidents: 1, resolved: 1, mean_minutes_to_resolve: '30.00', owned_elsewhere: 1 },
    ]);
    expect(await dataSource.query('SELECT acknowledged, mean_minutes_to_acknowledge FROM ledger.mtta_by_team_month WHERE team = $1', [handler])).toEqual([
      { acknowledged: 1, mean_minutes_to_acknowledge: '4.00' },
    ]);
    expect(await dataSource.query('SELECT * FROM ledger.mttr_by_team_month WHERE team = $1', [owner])).toEqual([]);
  });

  it('moves the credit when the ticket is moved to another team', async () => {
    const first = uniqueName('team');
    const second = uniqueName('team');
    const story = new IncidentStory(uniqueName('svc'), '2026-11-04T00:00:00.000Z', { team: first });

    await recorder.recordIncidents([story.opened()]);
    await recorder.recordTickets([ticket(story.incidentId, 1, { team: first })]);
    await recorder.recordTickets([ticket(story.incidentId, 2, { team: second })]);

    expect(await entry(story.incidentId)).toMatchObject({ team: first, handling_team: second });
  });
});
