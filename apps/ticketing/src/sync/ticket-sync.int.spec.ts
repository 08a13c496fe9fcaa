import type { TicketEvent } from '@hookline/contracts/events';
import { createLogger, Metrics } from '@hookline/platform/observability';
import { Inbox, Outbox, queryRow, queryRows } from '@hookline/platform/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type TicketingTables, tablesOf } from '../db/tables';
import { FakeTicketSystem } from '../testing/fake-ticket-system';
import { IncidentScript, specAuthorization, specCatalog, specSecrets, throwawayTicketingDatabase } from '../testing/ticketing-fixtures';
import { TicketExternalRefs } from '../tickets/ticket-external-refs';
import { CatalogTicketPolicy } from '../tickets/ticket-policy';
import { TicketProcessor } from '../tickets/ticket-processor';
import { TicketStore } from '../tickets/ticket-store';
import { CircuitBreakers } from './circuit-breakers';
import { SyncJobs } from './sync-jobs';
import type { SyncSettings } from './sync-settings';
import { SyncStatus } from './sync-status';
import { SyncWorker } from './sync-worker';

// The sync worker against the run's real Postgres (a schema of this spec's
// own) and a local HTTP server playing the external ticket systems: the
// generic "desk" dialect for the payments team, Jira for platform. The
// worker's clock is the spec's, and each round is run by hand, so backoff
// and the breaker's open period are stepped through, never slept through.

const settings: SyncSettings = {
  intervalMs: 60_000,
  batchSize: 10,
  timeoutMs: 300,
  retry: { initialBackoffMs: 1_000, maxBackoffMs: 8_000 },
  breaker: { failureThreshold: 3, openMs: 60_000 },
};

describe('external ticket sync (Postgres + a fake ticket system)', () => {
  let dataSource: DataSource;
  let tables: TicketingTables;
  let fake: FakeTicketSystem;
  let now: number;
  let processor: TicketProcessor;
  let worker: SyncWorker;
  let status: SyncStatus;
  let registry: ConnectorRegistry;
  const clock = { now: () => new Date(now) };
  const idle = { wake: () => undefined };
  const advance = (milliseconds: number) => void (now += milliseconds);

  beforeAll(async () => {
    dataSource = await throwawayTicketingDatabase();
    tables = tablesOf(dataSource);
  });
  afterAll(() => dataSource.destroy());

  beforeEach(async () => {
    // Each test starts with an empty queue, closed breakers and a fresh external system.
    await dataSource.query(`TRUNCATE ${tables.syncJobs}, ${tables.breakers}`);
    fake = await FakeTicketSystem.start(specAuthorization);
    now = Date.parse('2026-03-10T12:30:00Z');
    const catalog = specCatalog(fake.url);
    registry = new ConnectorRegistry(catalog, { secrets: specSecrets, sync: settings });
    const tickets = new TicketStore(dataSource);
    const jobs = new SyncJobs(dataSource);
    const outbox = new Outbox(tables.schema);
    const breakers = new CircuitBreakers(dataSource, { sync: settings });
    const policy = new CatalogTicketPolicy(catalog, { defaultTier: 'tier-2' });
    processor = new TicketProcessor(dataSource, new Inbox(dataSource), outbox, tickets, jobs, policy, registry, idle, idle, clock);
    const refs = new TicketExternalRefs(dataSource, tickets, outbox, idle);
    const logger = createLogger({ service: 'spec', level: 'silent' });
    worker = new SyncWorker(jobs, breakers, registry, refs, { sync: settings }, logger, new Metrics('spec'), clock, { fraction: () => 0.5 });
    status = new SyncStatus(jobs, breakers, registry, idle, clock);
  });
  afterEach(() => fake.close());

  async function ticketOf(incidentId: string) {
    const row = await queryRow(
      dataSource,
      z.object({ id: z.string(), external_system: z.string().nullable(), external_id: z.string().nullable(), external_url: z.string().nullable(), revision: z.number() }),
      `SELECT id, external_system, external_id, external_url, revision FROM ${tables.tickets} WHERE incident_id = $1`,
      [incidentId],
    );
    if (!row) throw new Error(`no ticket for incident ${incidentId}`);
    return row;
  }

  async function jobsOf(ticketId: string) {
    return queryRows(
      dataSource,
      z.object({ action: z.string(), state: z.string(), attempts: z.number(), next_attempt_at: z.date(), last_error: z.string().nullable(), last_status: z.number().nullable() }),
      `SELECT action, state, attempts, next_attempt_at, last_error, last_status FROM ${tables.syncJobs} WHERE ticket_id = $1 ORDER BY id`,
      [ticketId],
    );
  }

  /** A payments incident (desk), or a platform one (Jira), opened through the processor. */
  async function openIncident(team: 'payments' | 'platform' = 'payments'): Promise<IncidentScript> {
    const script = new IncidentScript(team === 'payments' ? {} : { service: 'batch-job', tier: 'tier-3', team: 'platform' });
    await processor.applyIncident(script.next('incident.opened'));
    return script;
  }

  it('creates the external ticket once with its idempotency key and credentials, then comments and closes it', async () => {
    const script = await openIncident();
    const { id: ticketId } = await ticketOf(script.incidentId);

    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });
    await processor.applyIncident(script.next('incident.acknowledged', { acknowledgedBy: 'alice' }));
    await processor.applyIncident(script.next('incident.resolved'));
    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });
    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });

    const [create] = fake.requestsTo('/desk/tickets', 'POST');
    expect(create?.headers).toMatchObject({ 'idempotency-key': `hookline:${ticketId}:create`, authorization: specAuthorization.desk });
    expect(create?.body).toMatchObject({ title: 'Checkout requests fail', priority: 'P2', assignee: 'alice', reference: `hookline-incident-${script.incidentId}` });
    expect([...fake.deskTickets.values()]).toMatchObject([
      { id: 'D-1', status: 'closed', note: 'Resolved after 2 min, 1 alert: the alert recovered.', comments: ['hookline: Incident acknowledged by alice.'] },
    ]);
    expect(await ticketOf(script.incidentId)).toMatchObject({ external_system: 'desk', external_id: 'D-1', external_url: `${fake.url}/desk/t/D-1` });
    const published = await queryRows(dataSource, z.object({ payload: z.string() }), `SELECT payload FROM "${tables.schema}".outbox WHERE message_key = $1 ORDER BY id`, [
      script.incidentId,
    ]);
    const events = published.map((row) => JSON.parse(row.payload) as TicketEvent);
    expect(events.map((event) => event.type)).toEqual(['ticket.opened', 'ticket.updated', 'ticket.closed']);
    expect(events[1]?.data.externalRef).toEqual({ system: 'desk', id: 'D-1', url: `${fake.url}/desk/t/D-1` });
  });

  it('times out a slow reply and retries with the same key: still one external ticket', async () => {
    const script = await openIncident();
    fake.behaviour = { kind: 'slow', delayMs: 1_500 };

    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 1, failed: 0 });
    const { id: ticketId } = await ticketOf(script.incidentId);
    expect(await jobsOf(ticketId)).toMatchObject([{ action: 'create', state: 'pending', attempts: 1, last_error: expect.stringMatching(/timed out after 300 ms/) }]);

    fake.behaviour = { kind: 'ok' };
    advance(settings.retry.initialBackoffMs);
    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });

    const creates = fake.requestsTo('/desk/tickets', 'POST');
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((request) => request.headers['idempotency-key']))).toEqual(new Set([`hookline:${ticketId}:create`]));
    expect(fake.deskTickets.size).toBe(1);
    expect(await ticketOf(script.incidentId)).toMatchObject({ external_id: 'D-1' });
  });

  it('retries 500s with jittered backoff, then opens the breaker, keeps the queued work, and delivers it once the system recovers', async () => {
    const first = await openIncident();
    fake.behaviour = { kind: 'status', status: 500 };

    // Try 1, then nothing before the backoff (0.5-1 s, jittered; 0.75 s with this spec's random) has passed.
    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 1, failed: 0 });
    const { id: firstTicket } = await ticketOf(first.incidentId);
    const [afterOne] = await jobsOf(firstTicket);
    expect(afterOne?.next_attempt_at.getTime()).toBe(now + 750);
    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    // Tries 2 and 3, each after its backoff; the third consecutive failure opens the breaker.
    advance(1_000);
    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 1, failed: 0 });
    advance(2_000);
    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 1, failed: 0 });
    expect(fake.requests).toHaveLength(3);

    // While open, new work queues up and nothing is sent, though every job is due.
    const later = [await openIncident(), await openIncident()];
    advance(10_000);
    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    expect(fake.requests).toHaveLength(3);
    const [payments] = (await status.connectors()).filter((connector) => connector.connector === 'payments');
    expect(payments).toMatchObject({ pending: 3, failed: 0, breaker: { state: 'open', consecutiveFailures: 3, lastError: expect.stringContaining('answered 500') } });
    expect((await jobsOf(firstTicket))[0]).toMatchObject({ state: 'pending', attempts: 3, last_status: 500 });

    // Recovered: after the open period one probe goes out, closes the breaker, and the rest follows.
    fake.behaviour = { kind: 'ok' };
    advance(settings.breaker.openMs);
    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });
    expect(await worker.runOnce()).toEqual({ succeeded: 2, retrying: 0, failed: 0 });

    expect(fake.deskTickets.size).toBe(3);
    const externalIds = await Promise.all([first, ...later].map(async (script) => (await ticketOf(script.incidentId)).external_id));
    expect(new Set(externalIds)).toEqual(new Set(['D-1', 'D-2', 'D-3']));
    expect((await status.connectors()).find((connector) => connector.connector === 'payments')).toMatchObject({ pending: 0, breaker: { state: 'closed', consecutiveFailures: 0 } });
  });

  it('records a 4xx without retrying or opening the breaker, and sends it again when asked', async () => {
    const refused = await openIncident();
    fake.behaviour = { kind: 'status', status: 422 };

    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 0, failed: 1 });
    advance(settings.retry.maxBackoffMs);
    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    expect(fake.requests).toHaveLength(1);
    const { id: refusedTicket } = await ticketOf(refused.incidentId);
    expect(await jobsOf(refusedTicket)).toMatchObject([{ state: 'failed', attempts: 1, last_status: 422, last_error: expect.stringContaining('answered 422') }]);
    expect((await status.connectors()).find((connector) => connector.connector === 'payments')).toMatchObject({ failed: 1, breaker: { state: 'closed' } });

    // The system is fine for other work, and the refused job goes through once sent again.
    fake.behaviour = { kind: 'ok' };
    const next = await openIncident();
    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });
    const [failedJob] = (await status.jobs.list({ state: 'failed', limit: 10 })).jobs;
    expect(await status.retry(failedJob?.id as string)).toMatchObject({ state: 'pending' });
    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });
    expect((await ticketOf(refused.incidentId)).external_id).toBe('D-2');
    expect((await ticketOf(next.incidentId)).external_id).toBe('D-1');
  });

  it("holds a ticket's later changes behind its earlier one that is waiting for a retry", async () => {
    const script = await openIncident();
    fake.behaviour = { kind: 'status', status: 503 };
    await worker.runOnce();
    await processor.applyIncident(script.next('incident.resolved'));
    fake.behaviour = { kind: 'ok' };

    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    advance(settings.retry.initialBackoffMs);
    await worker.runOnce();
    await worker.runOnce();

    expect(fake.requests.slice(1).map((request) => `${request.method} ${request.path}`)).toEqual(['POST /desk/tickets', 'POST /desk/tickets/D-1/close']);
  });

  it('finds the Jira issue by its incident label after a lost create reply, instead of creating a second one', async () => {
    const script = await openIncident('platform');
    const { id: ticketId } = await ticketOf(script.incidentId);
    fake.behaviour = { kind: 'slow', delayMs: 1_500, method: 'POST' };

    expect(await worker.runOnce()).toEqual({ succeeded: 0, retrying: 1, failed: 0 });
    expect(fake.jiraIssues.size).toBe(1);
    fake.behaviour = { kind: 'ok' };
    advance(settings.retry.initialBackoffMs);
    expect(await worker.runOnce()).toEqual({ succeeded: 1, retrying: 0, failed: 0 });

    expect(fake.requestsTo('/jira/rest/api/2/issue', 'POST')).toHaveLength(1);
    expect(fake.requestsTo('/jira/rest/api/2/search', 'GET')).toHaveLength(2);
    expect([...fake.jiraIssues.values()]).toMatchObject([{ key: 'OPS-1', project: 'OPS', priority: 'Low', labels: [`hookline-incident-${script.incidentId}`] }]);
    expect(await ticketOf(script.incidentId)).toMatchObject({ id: ticketId, external_system: 'jira', external_id: 'OPS-1', external_url: `${fake.url}/jira/browse/OPS-1` });
    expect(fake.requestsTo('/jira/')[0]?.headers.authorization).toBe(specAuthorization.jira);
  });

  it('closes and reopens the Jira issue through its workflow, and a repeated close is harmless', async () => {
    const script = await openIncident('platform');
    await processor.applyIncident(script.next('incident.resolved'));
    await worker.runOnce();
    await worker.runOnce();
    const issue = fake.jiraIssues.get('OPS-1');
    expect(issue).toMatchObject({ status: 'Done', comments: ['Resolved after 1 min, 1 alert: the alert recovered.'] });

    const jira = registry.get('platform');
    const ref = { system: 'jira', id: 'OPS-1' };
    const payload = { ticket: { ticketId: 't', incidentId: script.incidentId, title: 't', priority: 'P3' as const, status: 'closed' as const, severity: 'error' as const, description: 't' } };
    await expect(jira?.apply('close', ref, payload, 'again')).resolves.toBeUndefined();
    expect(issue?.status).toBe('Done');

    await processor.applyIncident(script.next('incident.reopened'));
    await worker.runOnce();
    await worker.runOnce();
    expect(issue?.status).toBe('To Do');
    expect(fake.requestsTo('/jira/rest/api/2/issue/OPS-1/transitions', 'POST').map((request) => request.body)).toEqual([
      { transition: { id: '31' } },
      { transition: { id: '41' } },
    ]);
  });
});
