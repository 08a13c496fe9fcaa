import { randomUUID } from 'node:crypto';
import { eventually, senderFixture, testInfrastructure, uniqueName } from '@hookline/testing';
import type { IncidentJson, TicketJson } from './support/pipeline-client';
import { type TestPipeline, startTestPipeline } from './support/pipeline-harness';
import type { Tier } from './support/test-catalog';
import { type Integration, type WebhookRequest, deliver, senders } from './support/webhook-sender';

// The golden scenarios: real sender payloads into the five real apps on the
// run's Kafka and Postgres, checked where a person would look — the incident
// API, the ticket API, the public status page and the ledger API. Each
// scenario has a service (and status-page component) of its own in this
// spec's catalog, so what it asserts is its own. Each prints how long its
// first webhook took to become a ticket and to show on the status page.

const run = uniqueName('golden');

const scenarios = {
  alertmanager: { suffix: 'checkout', tier: 'tier-1', costPerMinute: 120 },
  replicas: { suffix: 'search', tier: 'tier-2', costPerMinute: 30 },
  grafana: { suffix: 'memory', tier: 'tier-2', costPerMinute: 10 },
  pagerduty: { suffix: 'payments', tier: 'tier-1', costPerMinute: 300 },
  uptime: { suffix: 'website', tier: 'tier-3', costPerMinute: 5 },
} as const satisfies Record<string, { suffix: string; tier: Tier; costPerMinute: number }>;
type Scenario = keyof typeof scenarios;

/** The catalog's default severity weights (docs/catalog.md): the ledger's cost is minutes × weight × cost per minute. */
const severityWeight: Record<string, number> = { critical: 1, error: 0.5, warning: 0.25, info: 0 };

const pollFast = { timeoutMs: 60_000, intervalMs: 50 };
const poll = { timeoutMs: 60_000, intervalMs: 250 };

describe('golden scenarios: webhook in, incident, ticket, status page and ledger out', () => {
  let pipeline: TestPipeline;

  beforeAll(async () => {
    pipeline = await startTestPipeline({ run, services: Object.values(scenarios), dataDir: testInfrastructure().dataDir });
  }, 180_000);

  afterAll(() => pipeline?.stop());

  const serviceOf = (scenario: Scenario) => pipeline.catalog.service(scenarios[scenario].suffix);
  const componentOf = (scenario: Scenario) => pipeline.catalog.component(scenarios[scenario].suffix);

  async function incidentsOf(scenario: Scenario): Promise<IncidentJson[]> {
    return pipeline.client.incidents(serviceOf(scenario));
  }

  async function ticketsOf(scenario: Scenario): Promise<TicketJson[]> {
    return (await pipeline.client.tickets(pipeline.catalog.team)).filter((ticket) => ticket['service'] === serviceOf(scenario));
  }

  async function componentStatus(scenario: Scenario): Promise<string | undefined> {
    return (await pipeline.client.statusSummary()).components.find((component) => component.id === componentOf(scenario))?.status;
  }

  /** Polls `probe` until it returns a value; answers it with the milliseconds since `since`. */
  async function firstSeen<T>(since: number, probe: () => Promise<T | undefined>): Promise<{ value: T; ms: number }> {
    const value = await eventually(async () => {
      const found = await probe();
      if (found === undefined) throw new Error('not yet');
      return found;
    }, pollFast);
    return { value, ms: Date.now() - since };
  }

  /**
   * After the opening webhook(s): one open incident, one ticket with the
   * priority and on-call person the catalog gives, the component's status on
   * the public page, and an open ledger entry. Prints the latencies.
   */
  async function expectOpened(
    scenario: Scenario,
    sentAt: number,
    expected: { severity: string; priority: string; componentStatus: string; alertCount: number },
  ): Promise<IncidentJson> {
    const [ticketSeen, statusSeen] = await Promise.all([
      firstSeen(sentAt, async () => (await ticketsOf(scenario))[0]),
      firstSeen(sentAt, async () => ((await componentStatus(scenario)) === expected.componentStatus ? expected.componentStatus : undefined)),
    ]);
    console.log(`golden ${scenario}: webhook received → ticket created ${ticketSeen.ms} ms, → status page updated ${statusSeen.ms} ms`);

    const incident = await eventually(async () => {
      const incidents = await incidentsOf(scenario);
      expect(incidents).toMatchObject([{ status: 'open', severity: expected.severity, alertCount: expected.alertCount }]);
      return incidents[0] as IncidentJson;
    }, poll);
    expect(ticketSeen.value).toMatchObject({
      incidentId: incident.incidentId,
      status: 'open',
      priority: expected.priority,
      team: pipeline.catalog.team,
      queue: pipeline.catalog.queue,
      assignee: pipeline.catalog.onCallAt(new Date(incident.openedAt)),
    });
    const summary = await pipeline.client.statusSummary();
    expect(summary.incidents.filter((shown) => shown.components.some((component) => component.id === componentOf(scenario)))).toHaveLength(1);
    expect(summary.status.indicator).not.toBe('none');
    await eventually(async () => expect(await pipeline.client.ledgerEntries(serviceOf(scenario))).toMatchObject([{ incidentId: incident.incidentId, status: 'open' }]), poll);
    return incident;
  }

  /** After the resolving webhook: the incident resolved, its ticket closed with a note, the component operational, the ledger entry closed with its duration and cost. */
  async function expectResolved(scenario: Scenario, opened: IncidentJson): Promise<void> {
    const incident = await eventually(async () => {
      const incidents = await incidentsOf(scenario);
      expect(incidents).toMatchObject([{ incidentId: opened.incidentId, status: 'resolved' }]);
      return incidents[0] as IncidentJson;
    }, poll);
    await eventually(async () => {
      expect(await ticketsOf(scenario)).toMatchObject([
        { incidentId: incident.incidentId, status: 'closed', closedReason: 'incident_resolved', resolutionNote: expect.stringMatching(/^Resolved after .*alerts?: /) },
      ]);
      expect(await componentStatus(scenario)).toBe('operational');
    }, poll);

    const entry = await eventually(async () => {
      const entries = await pipeline.client.ledgerEntries(serviceOf(scenario));
      expect(entries).toMatchObject([{ incidentId: incident.incidentId, status: 'resolved' }]);
      return entries[0];
    }, poll);
    const openSeconds = (Date.parse(incident.resolvedAt ?? '') - Date.parse(incident.openedAt)) / 1000;
    const { costPerMinute } = scenarios[scenario];
    const weighted = openSeconds * (severityWeight[incident.severity] ?? 0);
    expect(entry?.durationSeconds).toBeCloseTo(openSeconds, 1);
    expect(entry?.costPerMinute).toBe(costPerMinute);
    expect(entry?.weightedDowntimeSeconds).toBeCloseTo(weighted, 1);
    expect(entry?.downtimeCost).toBeCloseTo((weighted / 60) * costPerMinute, 1);
    console.log(`golden ${scenario}: ledger entry closed after ${entry?.durationSeconds} s, cost ${entry?.downtimeCost}`);
  }

  /** An Alertmanager delivery of one group (`groupKey`), each alert with the group's service, firing or resolved. */
  function alertmanagerDelivery(scenario: Scenario, status: 'firing' | 'resolved', options: { alerts: number; externalUrl?: string }) {
    const service = serviceOf(scenario);
    const now = new Date().toISOString();
    const fixture = senderFixture('alertmanager-two-alerts-firing');
    return {
      ...fixture,
      status,
      receiver: 'hookline',
      externalURL: options.externalUrl ?? 'http://alertmanager-0:9093',
      groupKey: `{}:{alertname="HighErrorRate", service="${service}"}`,
      groupLabels: { alertname: 'HighErrorRate', service },
      commonLabels: { alertname: 'HighErrorRate', service, severity: 'critical' },
      alerts: Array.from({ length: options.alerts }, (_, index) => ({
        status,
        labels: { alertname: 'HighErrorRate', service, severity: 'critical', instance: `api-${index}:8080` },
        annotations: { summary: `5xx rate above 5 % on api-${index}` },
        startsAt: now,
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : now,
        generatorURL: '',
        fingerprint: `${run}-${scenario}-${index}`,
      })),
    };
  }

  async function createIntegration(scenario: Scenario, source: string, auth: Record<string, unknown>): Promise<Integration> {
    return pipeline.client.createIntegration({ name: `${run} ${scenario}`, source, auth, service: serviceOf(scenario) });
  }

  it('turns an Alertmanager delivery of 3 firing alerts into 1 incident, 1 ticket, a degraded component and an open ledger entry, and closes them all on resolve', async () => {
    const integration = await createIntegration('alertmanager', 'alertmanager', { scheme: 'bearer' });

    const sentAt = Date.now();
    const fired = await deliver(() => senders.bearer(integration, alertmanagerDelivery('alertmanager', 'firing', { alerts: 3 })));

    expect(fired).toMatchObject({ status: 202, body: { status: 'accepted', alerts: 3 } });
    const incident = await expectOpened('alertmanager', sentAt, { severity: 'critical', priority: 'P1', componentStatus: 'major_outage', alertCount: 3 });

    const resolved = await deliver(() => senders.bearer(integration, alertmanagerDelivery('alertmanager', 'resolved', { alerts: 3 })));

    expect(resolved.status).toBe(202);
    await expectResolved('alertmanager', incident);
  }, 180_000);

  it('keeps one incident and one ticket when two Alertmanager replicas send the same group and one retries', async () => {
    const integration = await createIntegration('replicas', 'alertmanager', { scheme: 'bearer' });
    // An HA pair: the same alerts, each replica naming itself in externalURL, so the bodies differ and both pass the ingress.
    const fromReplica = (replica: number) => senders.bearer(integration, alertmanagerDelivery('replicas', 'firing', { alerts: 3, externalUrl: `http://alertmanager-${replica}:9093` }));
    const first = fromReplica(0);

    const sentAt = Date.now();
    const answers = [await deliver(() => first), await deliver(() => fromReplica(1)), await deliver(() => first)];

    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 200]);
    expect(answers[2]?.body).toMatchObject({ status: 'duplicate' });
    const incident = await expectOpened('replicas', sentAt, { severity: 'critical', priority: 'P2', componentStatus: 'major_outage', alertCount: 3 });
    // Both replicas' copies reached the correlator (each alert seen twice) and joined the one incident.
    await eventually(async () => {
      const { alerts } = await pipeline.client.incident(incident.incidentId);
      expect(alerts.map((alert) => alert.occurrences)).toEqual([2, 2, 2]);
    }, poll);
    expect(await incidentsOf('replicas')).toHaveLength(1);
    expect(await ticketsOf('replicas')).toHaveLength(1);
    expect(await pipeline.client.ledgerEntries(serviceOf('replicas'))).toHaveLength(1);

    await deliver(() => senders.bearer(integration, alertmanagerDelivery('replicas', 'resolved', { alerts: 3 })));
    await expectResolved('replicas', incident);
  }, 180_000);

  it('accepts a Grafana alert signed with HMAC, refuses a tampered copy with 401 and records it, and lets nothing of the copy downstream', async () => {
    const integration = await createIntegration('grafana', 'grafana', { scheme: 'hmac', preset: 'grafana' });
    const grafanaAlert = (status: 'firing' | 'resolved', severity = 'warning') => {
      const fixture = senderFixture('grafana-docs-example') as { alerts: Record<string, unknown>[] };
      const [alert] = fixture.alerts;
      const now = new Date().toISOString();
      return {
        ...fixture,
        status,
        alerts: [
          { ...alert, status, labels: { alertname: 'High memory usage', severity, zone: 'us-1' }, fingerprint: `${run}-grafana`, startsAt: now, endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : now },
        ],
      };
    };
    const genuine = senders.grafana(integration, grafanaAlert('firing'));
    // Someone in the middle raises the severity and replays the signature of the genuine delivery.
    const tampered: WebhookRequest = { ...genuine, body: JSON.stringify(grafanaAlert('firing', 'critical')) };

    const refused = await deliver(() => tampered);
    const sentAt = Date.now();
    const accepted = await deliver(() => genuine);

    expect(refused.status).toBe(401);
    expect(accepted).toMatchObject({ status: 202, body: { status: 'accepted', alerts: 1 } });
    const incident = await expectOpened('grafana', sentAt, { severity: 'warning', priority: 'P4', componentStatus: 'degraded_performance', alertCount: 1 });
    await eventually(async () => {
      const { deliveries } = await pipeline.client.deliveries(integration.id);
      expect(deliveries.map((delivery) => [delivery.outcome, delivery.httpStatus]).sort()).toEqual([['accepted', 202], ['unauthorized', 401]]);
    }, poll);
    // Had the copy got through, the incident would be critical.
    expect(await incidentsOf('grafana')).toMatchObject([{ incidentId: incident.incidentId, severity: 'warning' }]);
    expect(await ticketsOf('grafana')).toHaveLength(1);

    await deliver(() => senders.grafana(integration, grafanaAlert('resolved')));
    await expectResolved('grafana', incident);
  }, 180_000);

  it('follows a PagerDuty Events v2 trigger, acknowledge and resolve sent to /v2/enqueue', async () => {
    const integration = await createIntegration('pagerduty', 'pagerduty', { scheme: 'routing-key' });
    const fixture = senderFixture('pagerduty-events-v2') as Record<'trigger' | 'acknowledge' | 'resolve', Record<string, unknown>>;
    const dedupKey = `${run}-pagerduty`;
    const event = (action: 'trigger' | 'acknowledge' | 'resolve') => {
      const base: Record<string, unknown> = { ...fixture[action], routing_key: integration.secret, dedup_key: dedupKey };
      if (action !== 'trigger') return base;
      return { ...base, payload: { ...(base['payload'] as Record<string, unknown>), severity: 'critical', timestamp: new Date().toISOString() } };
    };
    const send = (action: 'trigger' | 'acknowledge' | 'resolve') => deliver(() => senders.pagerDuty(pipeline.urlOf('ingress'), event(action)));

    const sentAt = Date.now();
    const triggered = await send('trigger');

    expect(triggered).toMatchObject({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } });
    const incident = await expectOpened('pagerduty', sentAt, { severity: 'critical', priority: 'P1', componentStatus: 'major_outage', alertCount: 1 });

    expect((await send('acknowledge')).status).toBe(202);

    await eventually(async () => {
      expect(await incidentsOf('pagerduty')).toMatchObject([{ incidentId: incident.incidentId, status: 'acknowledged' }]);
      expect(await ticketsOf('pagerduty')).toMatchObject([{ status: 'open', incidentStatus: 'acknowledged' }]);
      expect(await pipeline.client.ledgerEntries(serviceOf('pagerduty'))).toMatchObject([{ status: 'acknowledged', acknowledgedAt: expect.any(String) }]);
    }, poll);
    // Acknowledging is internal: the public page still shows the outage.
    expect(await componentStatus('pagerduty')).toBe('major_outage');

    expect((await send('resolve')).status).toBe(202);
    await expectResolved('pagerduty', incident);
  }, 180_000);

  it('opens on an uptime monitor\'s monitor.down and closes on its monitor.up', async () => {
    const integration = await createIntegration('uptime', 'generic', { scheme: 'standard-webhooks' });
    const fixture = senderFixture('generic-monitor-events') as Record<'down' | 'up', Record<string, unknown>>;
    const startedAt = new Date().toISOString();
    const monitorEvent = (kind: 'down' | 'up') => ({
      ...fixture[kind],
      timestamp: new Date().toISOString(),
      monitor: { ...(fixture[kind]['monitor'] as Record<string, unknown>), id: `${run}-monitor` },
      incident: { id: `${run}-check`, started_at: startedAt },
    });

    const [downId, upId] = [`msg_${randomUUID()}`, `msg_${randomUUID()}`];

    const sentAt = Date.now();
    const down = await deliver(() => senders.standardWebhooks(integration, monitorEvent('down'), downId));

    expect(down).toMatchObject({ status: 202, body: { alerts: 1 } });
    const incident = await expectOpened('uptime', sentAt, { severity: 'critical', priority: 'P3', componentStatus: 'partial_outage', alertCount: 1 });

    expect((await deliver(() => senders.standardWebhooks(integration, monitorEvent('up'), upId))).status).toBe(202);
    await expectResolved('uptime', incident);
  }, 180_000);
});
