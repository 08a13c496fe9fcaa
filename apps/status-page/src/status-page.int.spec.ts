import { createEvent, type IncidentData, type IncidentEvent, type IncidentEventType, type MaintenanceEvent, topics } from '@hookline/contracts/events';
import { createDataSource, Inbox, messagingTablesMigration, Outbox, queryRow, queryRows, runMigrations } from '@hookline/platform/persistence';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { IncidentIngestor } from './incidents/incident-ingestor';
import { publicIdOf } from './incidents/incident-projection';
import { IncidentStore } from './incidents/incident-store';
import { ManualIncidents } from './incidents/manual-incidents';
import { MaintenanceWindows } from './maintenance/maintenance-windows';
import { StatusReader } from './public/status-reader';

// The status page's write side against the run's real Postgres, in the
// migrated `statuspage` schema (shared with any running status page, so every
// test uses incident ids and components of its own). Maintenance events go to
// a throwaway outbox, so no running relay takes them from under us.

describe('status page (Postgres)', () => {
  let dataSource: DataSource;
  let outboxSchema: string;
  let outboxSource: DataSource;
  const store = new IncidentStore();
  const component = uniqueName('comp').replace('_', '-');

  beforeAll(async () => {
    dataSource = createDataSource({ url: testInfrastructure().databaseUrl, schema: 'statuspage', entities: [], migrations: [], poolSize: 6 });
    await dataSource.initialize();
    outboxSchema = uniqueName('spec_statuspage');
    outboxSource = createDataSource({
      url: testInfrastructure().databaseUrl,
      schema: outboxSchema,
      entities: [],
      migrations: [messagingTablesMigration({ schema: outboxSchema, outbox: true, timestamp: 1795400000000 })],
      poolSize: 2,
    });
    await outboxSource.initialize();
    await runMigrations(outboxSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await outboxSource?.destroy();
  });

  const onlySpecComponent = { isPublic: (id: string) => id === component };
  const ingestor = () => new IncidentIngestor(new Inbox(dataSource), store, { publishDelaySeconds: 60 }, { invalidate: () => undefined });

  function incidentEvent(incidentId: string, type: IncidentEventType, revision: number, data: Partial<IncidentData> = {}): IncidentEvent {
    return createEvent(topics.incident, {
      type,
      source: 'spec',
      data: {
        incidentId,
        revision,
        correlationKey: `spec/${incidentId}`,
        title: 'internal alert text',
        status: 'open',
        severity: 'error',
        service: 'checkout-api',
        tier: 'tier-1',
        component,
        openedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        alertCount: 1,
        flapping: false,
        test: false,
        ...data,
      },
    });
  }

  async function stored(incidentId: string) {
    const id = publicIdOf(incidentId);
    const incident = await queryRow(
      dataSource,
      z.object({ status: z.string(), source_revision: z.number(), source_status: z.string() }),
      'SELECT status, source_revision, source_status FROM statuspage.incidents WHERE id = $1',
      [id],
    );
    const updates = await queryRows(
      dataSource,
      z.object({ status: z.string(), kind: z.string().nullable(), body: z.string().nullable() }),
      'SELECT status, kind, body FROM statuspage.incident_updates WHERE incident_id = $1 ORDER BY at, seq',
      [id],
    );
    return { incident, updates };
  }

  it('applies a redelivered event once', async () => {
    const incidentId = randomUUID();
    const opened = incidentEvent(incidentId, 'incident.opened', 1);

    expect(await ingestor().apply(opened)).toBe(true);
    expect(await ingestor().apply(opened)).toBe(false);

    const { incident, updates } = await stored(incidentId);
    expect(incident).toMatchObject({ status: 'investigating', source_revision: 1 });
    expect(updates).toEqual([{ status: 'investigating', kind: 'opened', body: null }]);
  });

  it('ignores an older revision that arrives after a newer one', async () => {
    const incidentId = randomUUID();
    await ingestor().apply(incidentEvent(incidentId, 'incident.resolved', 2, { status: 'resolved', resolvedAt: new Date().toISOString() }));

    expect(await ingestor().apply(incidentEvent(incidentId, 'incident.opened', 1))).toBe(false);

    const { incident, updates } = await stored(incidentId);
    expect(incident).toMatchObject({ status: 'resolved', source_revision: 2 });
    expect(updates.map((update) => update.kind)).toEqual(['opened', 'resolved']);
  });

  it('ends at the newest revision when replicas apply one incident\'s events at once', async () => {
    const incidentId = randomUUID();
    const events = [
      incidentEvent(incidentId, 'incident.opened', 1),
      incidentEvent(incidentId, 'incident.updated', 2, { severity: 'critical' }),
      incidentEvent(incidentId, 'incident.acknowledged', 3, { status: 'acknowledged', severity: 'critical', acknowledgedAt: new Date().toISOString() }),
      incidentEvent(incidentId, 'incident.resolved', 4, { status: 'resolved', severity: 'critical', resolvedAt: new Date().toISOString() }),
    ];

    await Promise.all([...events, ...events].map((event) => ingestor().apply(event)));

    const { incident, updates } = await stored(incidentId);
    expect(incident).toMatchObject({ status: 'resolved', source_revision: 4 });
    expect(updates.filter((update) => update.kind === 'resolved')).toHaveLength(1);
    expect(updates.filter((update) => update.kind === 'opened')).toHaveLength(1);
  });

  it('applies a batch of several incidents in order, each event once, in one transaction', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const opened = incidentEvent(first, 'incident.opened', 1);
    const batch = [
      opened,
      incidentEvent(second, 'incident.opened', 1),
      opened,
      incidentEvent(first, 'incident.updated', 2, { severity: 'critical' }),
      incidentEvent(first, 'incident.resolved', 3, { status: 'resolved', severity: 'critical', resolvedAt: new Date().toISOString() }),
    ];

    expect(await ingestor().applyBatch(batch)).toBe(true);
    expect(await ingestor().applyBatch(batch)).toBe(false);

    expect(await stored(first)).toMatchObject({
      incident: { status: 'resolved', source_revision: 3 },
      updates: [{ kind: 'opened' }, { kind: 'impact' }, { kind: 'resolved' }],
    });
    expect(await stored(second)).toMatchObject({ incident: { status: 'investigating', source_revision: 1 }, updates: [{ kind: 'opened' }] });
  });

  it('keeps the status a person posted when the alerts resolve afterwards', async () => {
    const incidentId = randomUUID();
    await ingestor().apply(incidentEvent(incidentId, 'incident.opened', 1));
    const manual = new ManualIncidents(dataSource, store, onlySpecComponent);

    await manual.post({ incidentId: publicIdOf(incidentId), status: 'monitoring', body: 'A fix is rolling out; we are watching.' });
    await ingestor().apply(incidentEvent(incidentId, 'incident.resolved', 2, { status: 'resolved', resolvedAt: new Date().toISOString() }));

    const { incident, updates } = await stored(incidentId);
    expect(incident).toMatchObject({ status: 'monitoring', source_status: 'resolved', source_revision: 2 });
    expect(updates.map((update) => update.status)).toEqual(['investigating', 'monitoring']);
  });

  it('shows what it stored through the reader, delay applied', async () => {
    const incidentId = randomUUID();
    await ingestor().apply(incidentEvent(incidentId, 'incident.opened', 1, { severity: 'critical' }));
    const reader = (publishDelaySeconds: number) =>
      new StatusReader(
        dataSource,
        store,
        new MaintenanceWindows(dataSource, new Outbox(outboxSchema), { isPublic: () => true }),
        {
          all: [{ id: component, name: 'Spec component', public: true, services: ['checkout-api'] }],
          isPublic: () => true,
          publicTitle: () => 'Spec component: service disruption',
          componentName: () => 'Spec component',
        },
        { page: { name: 'Spec', url: 'http://127.0.0.1' }, historyDays: 90, publishDelaySeconds },
      );

    const shown = await reader(60).snapshot();
    const tooEarly = await reader(60 * 60).snapshot();

    expect(shown.incidents.map((view) => view.incident.id)).toContain(publicIdOf(incidentId));
    expect(shown.components[0]?.status).toBe('major_outage');
    expect(tooEarly.incidents.map((view) => view.incident.id)).not.toContain(publicIdOf(incidentId));
  });

  it('publishes every change of a maintenance window through the outbox, with increasing revisions', async () => {
    const windows = new MaintenanceWindows(dataSource, new Outbox(outboxSchema), onlySpecComponent);
    const startsAt = new Date(Date.now() + 3_600_000);

    const scheduled = await windows.schedule({ title: 'Database upgrade', components: [component], startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) });
    await windows.change(scheduled.id, { title: 'Database upgrade (extended)', endsAt: new Date(startsAt.getTime() + 7_200_000) });
    await windows.cancel(scheduled.id);
    await windows.cancel(scheduled.id);

    const rows = await queryRows(dataSource, z.object({ payload: z.string() }), `SELECT payload FROM "${outboxSchema}".outbox WHERE message_key = $1 ORDER BY id`, [
      scheduled.id,
    ]);
    const events = rows.map((row) => JSON.parse(row.payload) as MaintenanceEvent);
    expect(events.map((event) => [event.type, event.data.revision, event.data.cancelled])).toEqual([
      ['maintenance.scheduled', 1, false],
      ['maintenance.updated', 2, false],
      ['maintenance.cancelled', 3, true],
    ]);
    expect(events[1]?.data).toMatchObject({ title: 'Database upgrade (extended)', components: [component] });
  });

  it('refuses a maintenance window on a component that is not public', async () => {
    const windows = new MaintenanceWindows(dataSource, new Outbox(outboxSchema), onlySpecComponent);

    await expect(
      windows.schedule({ title: 'x', components: ['recommendations'], startsAt: new Date(), endsAt: new Date(Date.now() + 60_000) }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
