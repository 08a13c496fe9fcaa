import { createEvent, eventIdFor, type IncidentData, type IncidentEvent, type IncidentEventType, type TicketEvent, topics } from '@hookline/contracts/events';
import { EventConsumer, EventPublisher, type KafkaConnection, on, startGroupAtEnd } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { eventually, testInfrastructure, uniqueName } from '@hookline/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type IsolatedDeployment, startIsolatedDeployment } from './support/isolated-deployment';
import { type ServiceProcess, startServiceProcess } from './support/service-process';
import { deskConnectorYaml, TicketDesk } from './support/ticket-desk';

// The ticketing app as its own process(es) against the run's Kafka and
// Postgres, with a catalog of this spec's own whose team syncs to a local
// HTTP server playing an external ticket desk: the REST API as a person uses
// it, work kept and shown while the desk is down, and the guarantee of one
// ticket (and one external ticket) per incident when the app is SIGKILLed
// mid-stream and comes back as two replicas.

const run = uniqueName('tk');
const team = run;
const deskToken = randomBytes(16).toString('hex');
const adminToken = randomBytes(24).toString('base64url');

/** A ticket as the API answers it; the specs read a few fields and match the rest. */
interface TicketJson {
  ticketId: string;
  incidentId: string;
  [field: string]: unknown;
}

function writeCatalog(deskUrl: string): string {
  const path = join(testInfrastructure().dataDir, `${run}-catalog.yaml`);
  mkdirSync(testInfrastructure().dataDir, { recursive: true });
  writeFileSync(
    path,
    `
services:
  ${run}-api: { tier: tier-1, team: ${team}, costPerMinute: 1 }
  ${run}-crash: { tier: tier-2, team: ${team}, costPerMinute: 1 }
teams:
  ${team}:
    name: Spec team
    ticketQueue: SPEC
    timeZone: Europe/Berlin
    rotation: { handOff: daily, start: 2026-01-01, members: [ana, ben] }
${deskConnectorYaml(deskUrl, 'TICKETING_SECRET_DESK', '    ')}
`,
  );
  return path;
}

/** Incident events as the correlator publishes them: full state, revision + 1 each time, ids derived from the revision. */
function incidentEvents(service: string, steps: { type: IncidentEventType; changes?: Partial<IncidentData> }[]): IncidentEvent[] {
  const incidentId = randomUUID();
  let state: IncidentData = {
    incidentId,
    revision: 0,
    correlationKey: `${service}/${incidentId}`,
    title: `${service} is failing`,
    status: 'open',
    severity: 'warning',
    service,
    openedAt: new Date().toISOString(),
    alertCount: 1,
    flapping: false,
    test: false,
  };
  return steps.map(({ type, changes }) => {
    const status = type === 'incident.resolved' ? 'resolved' : type === 'incident.acknowledged' ? 'acknowledged' : 'open';
    const resolved = status === 'resolved' ? { resolvedAt: new Date().toISOString(), resolution: { reason: 'alerts_resolved' as const } } : {};
    state = { ...state, resolvedAt: undefined, resolution: undefined, status, ...resolved, ...changes, revision: state.revision + 1 };
    return createEvent(topics.incident, { type, source: 'spec', data: state }, { id: eventIdFor(`spec/${incidentId}/${state.revision}`) });
  });
}

describe('ticketing as its own process', () => {
  const logger = createLogger({ service: 'spec', level: 'silent' });
  const desk = new TicketDesk(deskToken);
  const ticketEvents: TicketEvent[] = [];
  let deployment: IsolatedDeployment;
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  let ticketReader: EventConsumer;
  let database: Client;
  let env: Record<string, string>;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    await desk.start();
    deployment = await startIsolatedDeployment();
    env = {
      ...deployment.env,
      HOOKLINE_ADMIN_TOKEN: adminToken,
      HOOKLINE_CATALOG: writeCatalog(desk.url),
      TICKETING_SECRET_DESK: deskToken,
      TICKETING_SYNC_INTERVAL_MS: '200',
      TICKETING_CONNECTOR_TIMEOUT_MS: '2000',
      TICKETING_RETRY_INITIAL_MS: '200',
      TICKETING_RETRY_MAX_MS: '1000',
      TICKETING_BREAKER_FAILURES: '2',
      TICKETING_BREAKER_OPEN_MS: '1000',
    };
    connection = deployment.connectKafka();
    publisher = new EventPublisher(connection);
    database = new Client({ connectionString: deployment.databaseUrl });
    await database.connect();
    const ticketReaderGroup = uniqueName('spec-tickets');
    await startGroupAtEnd(connection, ticketReaderGroup, [topics.ticket.name]);
    ticketReader = new EventConsumer(connection, publisher, {
      groupId: ticketReaderGroup,
      logger,
      handlers: [on(topics.ticket, async (event) => void ticketEvents.push(event))],
    });
    await ticketReader.start();
  });

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await ticketReader?.stop();
    await publisher?.disconnect();
    await connection?.close();
    await database?.end();
    await deployment?.drop();
    await desk.stop();
  });

  describe('the ticket API', () => {
    let app: ServiceProcess;
    const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = adminToken) => {
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as T };
    };
    const ticketOf = async (incidentId: string) =>
      (await api<{ tickets: TicketJson[] }>('GET', `/api/tickets?team=${team}&limit=200`)).body.tickets.find((ticket) => ticket.incidentId === incidentId);

    beforeAll(async () => {
      app = await startServiceProcess({ service: 'ticketing', instance: 'api', env });
      processes.push(app);
    }, 120_000);
    afterAll(() => app.stop());

    it('tickets incidents with their priority, assignee and acknowledger, closes resolved ones, and never tickets a test incident', async () => {
      const service = `${run}-api`;
      const escalated = incidentEvents(service, [
        { type: 'incident.opened' },
        { type: 'incident.updated', changes: { severity: 'critical', alertCount: 3 } },
        { type: 'incident.acknowledged', changes: { acknowledgedBy: 'ana', acknowledgedAt: new Date().toISOString() } },
      ]);
      const recovered = incidentEvents(service, [{ type: 'incident.opened' }, { type: 'incident.resolved' }]);
      const test = incidentEvents(service, [{ type: 'incident.opened', changes: { test: true } }]);
      const resolvedOnly = incidentEvents(service, [{ type: 'incident.resolved' }]);
      await publisher.publishMany(topics.incident, [...escalated, ...recovered, ...test, ...resolvedOnly]);
      const [escalatedId, recoveredId] = [escalated[0]?.data.incidentId as string, recovered[0]?.data.incidentId as string];

      await eventually(async () => {
        expect(await ticketOf(escalatedId)).toMatchObject({ status: 'open', priority: 'P1', team, queue: 'SPEC', acknowledgedBy: 'ana', externalRef: { system: 'desk' } });
        expect(await ticketOf(recoveredId)).toMatchObject({ status: 'closed', closedReason: 'incident_resolved', resolutionNote: expect.stringMatching(/^Resolved after/) });
      }, { timeoutMs: 60_000, intervalMs: 250 });
      expect(await ticketOf(test[0]?.data.incidentId as string)).toBeUndefined();
      expect(await ticketOf(resolvedOnly[0]?.data.incidentId as string)).toBeUndefined();
      const closedPage = (await api<{ tickets: TicketJson[] }>('GET', `/api/tickets?team=${team}&status=closed`)).body;
      expect(closedPage.tickets.map((ticket) => ticket.incidentId)).toEqual([recoveredId]);
      await eventually(() => expect(desk.ticketsFor(recoveredId)).toMatchObject([{ status: 'closed' }]), { timeoutMs: 30_000 });
    }, 120_000);

    it("lets a person close a ticket as won't fix, which a reopened incident then leaves closed", async () => {
      const events = incidentEvents(`${run}-api`, [{ type: 'incident.opened' }, { type: 'incident.resolved' }, { type: 'incident.reopened' }]);
      const incidentId = events[0]?.data.incidentId as string;
      await publisher.publishMany(topics.incident, events.slice(0, 1));
      const opened = await eventually(async () => {
        const ticket = await ticketOf(incidentId);
        expect(ticket).toBeDefined();
        return ticket as TicketJson;
      }, { timeoutMs: 30_000 });

      const patched = await api('PATCH', `/api/tickets/${opened.ticketId}`, { by: 'ben', status: 'closed', resolution: 'wont_fix', note: 'known noisy check' });
      await publisher.publishMany(topics.incident, events.slice(1));

      expect(patched).toMatchObject({ status: 200, body: { status: 'closed', wontFix: true, closedBy: 'ben', closedReason: 'manual', resolutionNote: 'known noisy check' } });
      const detail = await eventually(async () => {
        const { body } = await api<{ ticket: TicketJson; comments: { body: string }[] }>('GET', `/api/tickets/${opened.ticketId}`);
        expect(body.comments.at(-1)?.body).toMatch(/stays closed because ben closed it as won't fix/);
        return body;
      }, { timeoutMs: 30_000 });
      expect(detail.ticket).toMatchObject({ status: 'closed', wontFix: true, incidentStatus: 'open' });
    }, 60_000);

    it('answers problems as problem+json: no token, a bad body, an unknown ticket', async () => {
      const unknown = await api('PATCH', `/api/tickets/${randomUUID()}`, { by: 'ben', comment: 'hello' });
      const invalid = await api('PATCH', `/api/tickets/${randomUUID()}`, { status: 'closed' });
      const unauthorised = await api('GET', '/api/tickets', undefined, 'not-the-token');

      expect(unknown).toMatchObject({ status: 404, type: expect.stringMatching(/^application\/problem\+json/) });
      expect(invalid).toMatchObject({ status: 400, body: { detail: expect.stringContaining('by:') } });
      expect(unauthorised.status).toBe(401);
    });

    it('keeps the work for a broken desk, shows it in the API, and delivers it once when the desk recovers', async () => {
      const connector = async () => (await api<{ connectors: { connector: string }[] }>('GET', '/api/connectors')).body.connectors.find((entry) => entry.connector === team);
      await eventually(async () => expect(await connector()).toMatchObject({ pending: 0 }), { timeoutMs: 30_000 });
      desk.failWith = 503;
      const [opened] = incidentEvents(`${run}-api`, [{ type: 'incident.opened' }]);
      await publisher.publishMany(topics.incident, [opened as IncidentEvent]);
      const incidentId = opened?.data.incidentId as string;

      await eventually(async () => {
        expect(await connector()).toMatchObject({ breaker: { state: expect.stringMatching(/open/) }, pending: 1 });
        expect(await ticketOf(incidentId)).toMatchObject({ sync: { pending: 1 } });
      }, { timeoutMs: 30_000, intervalMs: 250 });
      const { body: queue } = await api<{ jobs: unknown[] }>('GET', `/api/sync-jobs?state=pending&connector=${team}`);
      expect(queue.jobs).toMatchObject([{ action: 'create', lastStatus: 503 }]);

      desk.failWith = undefined;
      await eventually(async () => expect(await ticketOf(incidentId)).toMatchObject({ externalRef: { system: 'desk' }, sync: { pending: 0 } }), { timeoutMs: 30_000, intervalMs: 250 });
      expect(desk.ticketsFor(incidentId)).toHaveLength(1);
    }, 60_000);
  });

  describe('killed mid-stream and restarted as two replicas', () => {
    const incidents = 24;

    it('keeps exactly one ticket, one external ticket, and one event id per ticket change', async () => {
      // Replies come late, so the kill most likely lands between the desk creating a ticket and the app recording it.
      desk.delayMs = 300;
      const service = `${run}-crash`;
      const scripts = Array.from({ length: incidents }, (_, index) =>
        incidentEvents(service, [
          { type: 'incident.opened' },
          { type: 'incident.updated', changes: { severity: 'critical', alertCount: 2 } },
          ...(index % 2 === 0 ? [{ type: 'incident.resolved' as const }] : []),
        ]),
      );
      // Event by event as the correlator interleaves them: every incident opens, then updates, then half resolve.
      const stream = [0, 1, 2].flatMap((step) => scripts.flatMap((events) => (events[step] ? [events[step]] : [])));
      const killAt = Math.floor(stream.length * 0.4);

      const first = await startServiceProcess({ service: 'ticketing', instance: 'crash-a', env });
      processes.push(first);
      await publisher.publishMany(topics.incident, stream.slice(0, killAt));
      await eventually(async () => expect(desk.tickets.size).toBeGreaterThan(0), { timeoutMs: 30_000, intervalMs: 20 });
      await first.kill();

      await publisher.publishMany(topics.incident, stream.slice(killAt));
      processes.push(...(await Promise.all(['crash-b', 'crash-c'].map((instance) => startServiceProcess({ service: 'ticketing', instance, env })))));

      const tickets = await eventually(
        async () => {
          const rows = (
            await database.query('SELECT id, incident_id, status, revision, priority, external_id FROM ticketing.tickets WHERE service = $1', [service])
          ).rows as { id: string; incident_id: string; status: string; revision: number; priority: string; external_id: string | null }[];
          expect(rows).toHaveLength(incidents);
          expect(rows.filter((row) => row.status === 'closed')).toHaveLength(incidents / 2);
          expect(rows.every((row) => row.priority === 'P2' && row.external_id !== null)).toBe(true);
          return rows;
        },
        { timeoutMs: 180_000, intervalMs: 500 },
      );

      // One external ticket per incident, closed where the incident resolved, even if a create was cut off by the kill.
      await eventually(
        () => {
          for (const ticket of tickets) {
            expect(desk.ticketsFor(ticket.incident_id)).toMatchObject([{ id: ticket.external_id, status: ticket.status === 'closed' ? 'closed' : 'open' }]);
          }
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      // Every revision of every ticket reached Kafka, each change under exactly one event id.
      await eventually(
        () => {
          for (const ticket of tickets) {
            const revisions = new Set(ticketEvents.filter((event) => event.data.ticketId === ticket.id).map((event) => event.data.revision));
            expect(revisions.size).toBe(ticket.revision);
          }
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const idsPerChange = new Map<string, Set<string>>();
      for (const event of ticketEvents) {
        const change = `${event.data.ticketId}/${event.data.revision}`;
        idsPerChange.set(change, (idsPerChange.get(change) ?? new Set()).add(event.id));
      }
      expect([...idsPerChange.values()].filter((ids) => ids.size > 1)).toEqual([]);
      const opened = new Set(ticketEvents.filter((event) => event.type === 'ticket.opened').map((event) => event.data.incidentId));
      expect(tickets.every((ticket) => opened.has(ticket.incident_id))).toBe(true);
    }, 300_000);
  });
});
