import { type AlertEvent, createEvent, type IncidentEvent, topics } from '@hookline/contracts/events';
import { createLogger } from '@hookline/platform/observability';
import { createDataSource, Inbox, messagingTablesMigration, Outbox, queryRows, runMigrations } from '@hookline/platform/persistence';
import { testInfrastructure, uniqueName } from '@hookline/testing';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { defaultCorrelationPolicy } from './correlation-policy';
import { IncidentProcessor } from './incident-processor';
import { IncidentQueries } from './incident-queries';
import { IncidentStore } from './incident-store';
import { IncidentTimers } from './incident-timers';

// The processor against the run's real Postgres. Incidents live in the
// migrated `correlator` schema, shared with other specs, so every test uses
// correlation keys of its own; the inbox and outbox are a throwaway schema
// per spec, so no running correlator's relay takes the events from under us.

describe('IncidentProcessor (Postgres)', () => {
  let dataSource: DataSource;
  let messagingSchema: string;
  const store = new IncidentStore();

  beforeAll(async () => {
    messagingSchema = uniqueName('spec_correlator');
    dataSource = createDataSource({
      url: testInfrastructure().databaseUrl,
      schema: messagingSchema,
      entities: [],
      migrations: [messagingTablesMigration({ schema: messagingSchema, outbox: true, timestamp: 1795400000000 })],
      poolSize: 6,
    });
    await dataSource.initialize();
    await runMigrations(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const processor = () =>
    new IncidentProcessor(
      dataSource,
      new Inbox(dataSource),
      new Outbox(messagingSchema),
      store,
      { describe: () => ({ tier: 'tier-1', team: 'payments', component: 'checkout' }) },
      { policy: defaultCorrelationPolicy },
    );

  function fired(key: string, fingerprint: string, at = Date.now(), service = 'checkout-api'): AlertEvent {
    return createEvent(
      topics.alert,
      {
        type: 'alert.fired',
        source: 'spec',
        data: {
          integrationId: 'int_spec',
          sourceKind: 'alertmanager',
          deliveryId: uniqueName('delivery'),
          fingerprint,
          correlationKey: key,
          severity: 'critical',
          alertName: 'CheckoutDown',
          summary: `checkout is down (${fingerprint})`,
          service,
          labels: { instance: fingerprint },
          annotations: {},
          startsAt: new Date(at).toISOString(),
          grouping: { threshold: 1, windowSeconds: 300, autoResolveAfterSeconds: 600 },
        },
      },
      { time: new Date(at) },
    );
  }

  function resolved(key: string, fingerprint: string, at = Date.now()): AlertEvent {
    return createEvent(
      topics.alert,
      {
        type: 'alert.resolved',
        source: 'spec',
        data: { integrationId: 'int_spec', sourceKind: 'alertmanager', deliveryId: uniqueName('delivery'), fingerprint, correlationKey: key, labels: {}, annotations: {} },
      },
      { time: new Date(at) },
    );
  }

  async function incidentsOf(key: string) {
    return queryRows(
      dataSource,
      z.object({ id: z.string(), status: z.string(), alert_count: z.number(), revision: z.number() }),
      'SELECT id, status, alert_count, revision FROM correlator.incidents WHERE correlation_key = $1',
      [key],
    );
  }

  async function publishedFor(incidentId: string): Promise<IncidentEvent[]> {
    const rows = await queryRows(dataSource, z.object({ payload: z.string() }), `SELECT payload FROM "${messagingSchema}".outbox WHERE message_key = $1 ORDER BY id`, [
      incidentId,
    ]);
    return rows.map((row) => JSON.parse(row.payload) as IncidentEvent);
  }

  it('collapses a batch of repeats into one incident, writes its events to the outbox, and ignores a redelivery', async () => {
    const key = uniqueName('key');
    const batch = [fired(key, 'a'), fired(key, 'a'), fired(key, 'b'), fired(key, 'a')];

    const first = await processor().processAlerts(batch);
    const again = await processor().processAlerts(batch);

    expect(first).toEqual({ applied: 4, published: 2 });
    expect(again).toEqual({ applied: 0, published: 0 });
    const [incident] = await incidentsOf(key);
    expect(await incidentsOf(key)).toHaveLength(1);
    expect(incident).toMatchObject({ status: 'open', alert_count: 2, revision: 2 });
    const events = await publishedFor(incident?.id as string);
    expect(events.map((event) => [event.type, event.data.revision, event.data.alertCount])).toEqual([
      ['incident.opened', 1, 1],
      ['incident.updated', 2, 2],
    ]);
    expect(events[0]?.data).toMatchObject({ tier: 'tier-1', team: 'payments', component: 'checkout', severity: 'critical' });
    expect(events[0]?.causationId).toBe(batch[0]?.id);
  });

  it('applies an event that is twice in one batch once', async () => {
    const key = uniqueName('key');
    const alert = fired(key, 'a');

    const result = await processor().processAlerts([alert, fired(key, 'b'), alert]);

    expect(result).toEqual({ applied: 2, published: 2 });
    const [incident] = await incidentsOf(key);
    const detail = await new IncidentQueries(dataSource, store).detail(incident?.id as string);
    expect(detail.alerts.map((entry) => [entry.fingerprint, entry.occurrences]).sort()).toEqual([['a', 1], ['b', 1]]);
  });

  it('keeps one incident per key when two replicas process batches of the same key at once', async () => {
    const key = uniqueName('key');
    const batches = Array.from({ length: 6 }, (_, n) => [fired(key, `fp-${n}`), fired(key, `fp-${n + 1}`)]);

    await Promise.all(batches.map((batch) => processor().processAlerts(batch)));

    const incidents = await incidentsOf(key);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.alert_count).toBe(7);
    const revisions = (await publishedFor(incidents[0]?.id as string)).map((event) => event.data.revision);
    expect(revisions).toEqual(revisions.map((_, index) => index + 1));
  });

  it('resolves when the alerts resolve and reopens the same incident within the cool-down', async () => {
    const key = uniqueName('key');
    const now = Date.now();
    await processor().processAlerts([fired(key, 'a', now - 60_000)]);
    await processor().processAlerts([resolved(key, 'a', now - 30_000)]);
    await processor().processAlerts([fired(key, 'a', now)]);

    const [incident] = await incidentsOf(key);
    expect(await incidentsOf(key)).toHaveLength(1);
    expect((await publishedFor(incident?.id as string)).map((event) => event.type)).toEqual([
      'incident.opened',
      'incident.resolved',
      'incident.reopened',
    ]);
  });

  it('serves incidents newest first with a keyset cursor, and one with its alerts and timeline', async () => {
    const service = uniqueName('svc');
    const keys = [uniqueName('key'), uniqueName('key'), uniqueName('key')];
    for (const key of keys) {
      await processor().processAlerts([fired(key, 'a', Date.now(), service)]);
    }
    const queries = new IncidentQueries(dataSource, store);

    const first = await queries.list({ service, limit: 2 });
    const second = await queries.list({ service, limit: 2, cursor: first.nextCursor as string });

    expect(first.incidents.map((incident) => incident.correlationKey)).toEqual([keys[2], keys[1]]);
    expect(second.incidents.map((incident) => incident.correlationKey)).toEqual([keys[0]]);
    expect(second.nextCursor).toBeUndefined();
    const detail = await queries.detail(first.incidents[0]?.incidentId as string);
    expect(detail.alerts).toMatchObject([{ fingerprint: 'a', status: 'firing', occurrences: 1 }]);
    expect(detail.timeline.map((entry) => entry.kind)).toEqual(['alert_fired', 'opened']);
  });

  it('acknowledges by command and auto-resolves a silent incident on the timer sweep', async () => {
    const key = uniqueName('key');
    await processor().processAlerts([fired(key, 'a', Date.now() - 11 * 60_000)]);
    const [incident] = await incidentsOf(key);
    const id = incident?.id as string;

    const ack = await processor().command(id, (workspace) => workspace.acknowledge(id, 'alice', new Date()));
    const timers = new IncidentTimers(dataSource, processor(), createLogger({ service: 'spec', level: 'silent' }), { timerIntervalMs: 60_000 });
    const resolvedCount = await timers.sweep(new Date());

    expect(ack.outcome).toBe('changed');
    expect(resolvedCount).toBeGreaterThanOrEqual(1);
    const events = await publishedFor(id);
    expect(events.map((event) => event.type)).toEqual(['incident.opened', 'incident.acknowledged', 'incident.resolved']);
    expect(events[2]?.data).toMatchObject({ acknowledgedBy: 'alice', resolution: { reason: 'timeout' } });
  });
});
