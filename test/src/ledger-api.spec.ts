import { randomBytes, randomUUID } from 'node:crypto';
import { consumerGroups, createEvent, type IncidentData, type IncidentEvent, topics } from '@hookline/contracts/events';
import { EventPublisher, type KafkaConnection } from '@hookline/platform/kafka';
import { eventually, uniqueName } from '@hookline/testing';
import { type IsolatedDeployment, startIsolatedDeployment } from './support/isolated-deployment';
import { type ServiceProcess, startServiceProcess } from './support/service-process';

// The ledger as its own process, fed through Kafka: incident, ticket and
// maintenance events on their three topics (the ticket first, before its
// incident), then its REST API: entries with a keyset cursor, one entry with
// its history, the SLA report as JSON and as CSV.

describe('ledger: from the three topics to the REST API', () => {
  const adminToken = randomBytes(24).toString('base64url');
  const service = uniqueName('ledger-svc');
  const component = uniqueName('ledger-component');
  let deployment: IsolatedDeployment;
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  let ledger: ServiceProcess;

  beforeAll(async () => {
    deployment = await startIsolatedDeployment();
    connection = deployment.connectKafka();
    publisher = new EventPublisher(connection);
    ledger = await startServiceProcess({ service: 'ledger', deployment, env: { HOOKLINE_ADMIN_TOKEN: adminToken } });
  }, 120_000);

  afterAll(async () => {
    await ledger?.stop();
    await publisher?.disconnect();
    await connection?.close();
    await deployment?.drop();
  });

  const get = (path: string, token: string | null = adminToken) =>
    fetch(`${ledger.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });

  function incident(openedAt: string, resolvedAt: string): IncidentEvent[] {
    const base: IncidentData = {
      incidentId: randomUUID(),
      revision: 1,
      correlationKey: `${service}/down`,
      title: `${service} is down`,
      status: 'open',
      severity: 'critical',
      service,
      component,
      team: 'payments',
      openedAt,
      alertCount: 1,
      flapping: false,
      test: false,
    };
    const event = (type: IncidentEvent['type'], data: IncidentData, time: string) =>
      createEvent(topics.incident, { type, source: 'hookline/correlator', subject: data.incidentId, data }, { time: new Date(time) });
    return [
      event('incident.opened', base, openedAt),
      event('incident.resolved', { ...base, revision: 2, status: 'resolved', resolvedAt, resolution: { reason: 'alerts_resolved' } }, resolvedAt),
    ];
  }

  it('records entries whatever the order across topics and serves them, paged and as an SLA report', async () => {
    const first = incident('2026-03-01T00:00:00.000Z', '2026-03-01T02:00:00.000Z');
    const second = incident('2026-03-01T01:00:00.000Z', '2026-03-01T03:00:00.000Z');
    const third = incident('2026-03-10T00:00:00.000Z', '2026-03-10T00:30:00.000Z');
    const firstId = first[0]?.data.incidentId as string;

    await publisher.publish(
      topics.ticket,
      createEvent(topics.ticket, {
        type: 'ticket.opened',
        source: 'hookline/ticketing',
        data: { ticketId: 'tkt-ledger-1', incidentId: firstId, revision: 1, title: 'down', priority: 'P1', status: 'open', externalRef: { system: 'jira', id: 'OPS-42' } },
      }),
    );
    await publisher.publishMany(topics.incident, [...first, ...second, ...third]);
    await publisher.publish(
      topics.maintenance,
      createEvent(topics.maintenance, {
        type: 'maintenance.scheduled',
        source: 'hookline/status-page',
        data: {
          maintenanceId: uniqueName('maintenance'),
          revision: 1,
          title: 'Upgrade',
          components: [component],
          startsAt: '2026-03-10T00:00:00.000Z',
          endsAt: '2026-03-10T00:10:00.000Z',
          cancelled: false,
        },
      }),
    );

    const detail = await eventually(
      async () => {
        const response = await get(`/api/entries/${firstId}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { entry: Record<string, unknown>; history: { changeType: string }[] };
        expect(body.entry).toMatchObject({ status: 'resolved', ticket: { id: 'tkt-ledger-1', system: 'jira', ref: 'OPS-42' } });
        return body;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(detail.entry).toMatchObject({ service, component, durationSeconds: 7200, timeToResolveSeconds: 7200, inMaintenance: false, test: false });
    expect(detail.history.map((change) => change.changeType).sort()).toEqual(['incident.opened', 'incident.resolved', 'ticket.opened']);

    const sla = await eventually(
      async () => {
        const response = await get(`/api/sla?from=2026-03&to=2026-03&service=${service}`);
        const body = (await response.json()) as { rows: Record<string, unknown>[] };
        expect(body.rows).toEqual([expect.objectContaining({ month: '2026-03-01', incidents: 3, maintenanceMinutes: 10, downtimeMinutes: 200 })]);
        return body;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(sla.rows[0]?.['uptimePercent']).toBeCloseTo(100 * (1 - 200 / (44640 - 10)), 4);

    const csv = await get(`/api/sla?from=2026-03&to=2026-03&service=${service}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe(
      'service,month,period_minutes,maintenance_minutes,incidents,downtime_minutes,weighted_downtime_minutes,uptime_percent,strict_uptime_percent',
    );
    expect(lines[1]).toMatch(new RegExp(`^${service},2026-03-01,44640,10,3,200,200,99\\.55`));
    expect(lines.slice(2)).toEqual(['']);

    const page1 = (await (await get(`/api/entries?service=${service}&limit=2`)).json()) as { entries: { openedAt: string }[]; nextCursor?: string };
    const page2 = (await (await get(`/api/entries?service=${service}&limit=2&cursor=${page1.nextCursor}`)).json()) as typeof page1;
    expect([...page1.entries, ...page2.entries].map((entry) => entry.openedAt)).toEqual([
      '2026-03-10T00:00:00.000Z',
      '2026-03-01T01:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
    expect(page2.nextCursor).toBeUndefined();
  }, 180_000);

  it('answers only with the admin token, as problem+json', async () => {
    for (const path of ['/api/entries', '/api/sla', `/api/entries/${randomUUID()}`]) {
      const response = await get(path, null);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await get(`/api/entries/${randomUUID()}`)).status).toBe(404);
    expect((await get('/api/sla?from=2026-05&to=2026-04')).status).toBe(400);
    expect((await get('/api/entries?cursor=not-a-cursor')).status).toBe(400);
  });

  it('consumes as the ledger consumer group, under exactly its id in its deployment', async () => {
    const admin = await connection.connectedAdmin();
    const { groups } = await admin.describeGroups([connection.namespace.group(consumerGroups.ledger.id)]);
    expect(groups[0]).toMatchObject({ groupId: `${deployment.topicPrefix}.ledger`, state: 'Stable' });
  });
});
