import { createEvent, type IncidentData, type IncidentEvent, type IncidentEventType, type MaintenanceEvent, topics } from '@hookline/contracts/events';
import { EventConsumer, EventPublisher, type KafkaConnection, on, startGroupAtEnd } from '@hookline/platform/kafka';
import { createLogger } from '@hookline/platform/observability';
import { eventually, testInfrastructure, uniqueName } from '@hookline/testing';
import FeedParser from 'feedparser';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { z } from 'zod';
import { type IsolatedDeployment, startIsolatedDeployment } from './support/isolated-deployment';
import { type ServiceProcess, startServiceProcess } from './support/service-process';

// The status page as the public and status aggregators meet it: its own
// process on the run's Kafka and Postgres, incident events published as the
// correlator publishes them, pages read by Debian's Chromium (installed by
// tools/bootstrap/test-packages.mjs), the JSON API and feeds read by clients.
// Its catalog has components no other spec uses, so other specs' incidents
// never show on it.

const chromiumPath = '/usr/bin/chromium';
const publishDelaySeconds = 4;
const run = uniqueName('sp').replace('_', '-');
const ids = { checkout: `${run}-checkout`, search: `${run}-search`, login: `${run}-login` };
const artifacts = join(testInfrastructure().dataDir, 'artifacts');
const adminToken = randomBytes(24).toString('base64url');

const catalogYaml = `
services:
  ${run}-checkout-api: { displayName: Checkout API, tier: tier-1, team: spec, component: ${ids.checkout}, costPerMinute: 10 }
  ${run}-search-api: { tier: tier-2, team: spec, component: ${ids.search}, costPerMinute: 1 }
  ${run}-auth-api: { tier: tier-1, team: spec, component: ${ids.login}, costPerMinute: 1 }
components:
  ${ids.checkout}: { name: Checkout, group: Shopping, description: Placing orders and paying for them., publicTitle: "{{component}}: payments may fail or be delayed" }
  ${ids.search}: { name: Search, group: Shopping }
  ${ids.login}: { name: Login, description: Signing in. }
teams:
  spec: { name: Spec, timeZone: UTC, rotation: { handOff: daily, start: 2026-01-01, members: [ann] } }
`;

describe('the status page', () => {
  const logger = createLogger({ service: 'spec', level: 'silent' });
  let deployment: IsolatedDeployment;
  let connection: KafkaConnection;
  let publisher: EventPublisher;
  let statusPage: ServiceProcess;
  let browser: Browser;
  let database: Client;
  let maintenanceReader: EventConsumer;
  const maintenanceEvents: MaintenanceEvent[] = [];
  const published: IncidentEvent[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const catalogPath = join(testInfrastructure().dataDir, `${run}-catalog.yaml`);
    writeFileSync(catalogPath, catalogYaml);
    deployment = await startIsolatedDeployment();
    env = {
      ...deployment.env,
      HOOKLINE_ADMIN_TOKEN: adminToken,
      HOOKLINE_CATALOG: catalogPath,
      STATUS_PAGE_PUBLISH_DELAY_SECONDS: String(publishDelaySeconds),
      STATUS_PAGE_NAME: 'Spec Shop',
    };
    connection = deployment.connectKafka();
    publisher = new EventPublisher(connection);
    database = new Client({ connectionString: deployment.databaseUrl });
    await database.connect();
    const maintenanceReaderGroup = uniqueName('spec-maintenance');
    await startGroupAtEnd(connection, maintenanceReaderGroup, [topics.maintenance.name]);
    maintenanceReader = new EventConsumer(connection, publisher, {
      groupId: maintenanceReaderGroup,
      logger,
      handlers: [on(topics.maintenance, async (event) => void maintenanceEvents.push(event))],
    });
    await maintenanceReader.start();
    statusPage = await startServiceProcess({ service: 'status-page', instance: run, env });
    if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath}: run \`node tools/bootstrap/test-packages.mjs\` (npm test runs it first)`);
    browser = await chromium.launch({ executablePath: chromiumPath });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await statusPage?.stop();
    await maintenanceReader?.stop();
    await publisher?.disconnect();
    await connection?.close();
    await database?.end();
    await deployment?.drop();
  });

  function incidentEvent(incidentId: string, type: IncidentEventType, revision: number, data: Partial<IncidentData>): IncidentEvent {
    return createEvent(topics.incident, {
      type,
      source: 'hookline/correlator',
      subject: incidentId,
      data: {
        incidentId,
        revision,
        correlationKey: `${run}/${incidentId}`,
        title: 'db-7.prod.internal: connection refused (raw alert text)',
        status: 'open',
        severity: 'critical',
        service: `${run}-checkout-api`,
        tier: 'tier-1',
        component: ids.checkout,
        openedAt: new Date().toISOString(),
        alertCount: 1,
        flapping: false,
        test: false,
        ...data,
      },
    });
  }

  async function publish(...events: IncidentEvent[]): Promise<void> {
    await publisher.publishMany(topics.incident, events);
    published.push(...events);
  }

  const url = (path: string) => `${statusPage.url}${path}`;
  const getJson = async <T>(path: string): Promise<T> => (await (await fetch(url(path))).json()) as T;
  const admin = (path: string, method: string, body?: unknown) =>
    fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const componentStatus = async (id: string) =>
    (await getJson<{ components: { id: string; status: string }[] }>('/api/v2/components.json')).components.find((component) => component.id === id)?.status;

  async function open(path: string, width = 1000): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url(path));
    return { page, requests };
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(artifacts, `status-page-${name}.png`), fullPage: true });
  }

  describe('in a browser', () => {
    const outage = randomUUID();
    let openedAt: number;

    it('shows every component operational before anything happens', async () => {
      const { page, requests } = await open('/');

      expect(await page.locator('h1').allInnerTexts()).toEqual(['All Systems Operational']);
      const checkout = page.locator(`#component-${ids.checkout}`);
      expect(await checkout.locator('.component-head').innerText()).toMatch(/Checkout\s+Operational/);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(requests.every((request) => request.startsWith(statusPage.url))).toBe(true);
      await shot(page, 'operational');
      await page.close();
    });

    it('shows an incident only after the publish delay, with its public title, and never one that resolved within the delay', async () => {
      const blip = randomUUID();
      const blipOpened = new Date();
      await publish(
        incidentEvent(blip, 'incident.opened', 1, { openedAt: blipOpened.toISOString() }),
        incidentEvent(blip, 'incident.resolved', 2, { status: 'resolved', openedAt: blipOpened.toISOString(), resolvedAt: new Date(blipOpened.getTime() + 1_500).toISOString() }),
      );
      openedAt = Date.now();
      await publish(incidentEvent(outage, 'incident.opened', 1, { openedAt: new Date(openedAt).toISOString() }));

      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await eventually(
        async () => {
          await page.goto(url('/'));
          expect(await page.locator('#active-incidents').count()).toBe(1);
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const shownAfterMs = Date.now() - openedAt;

      expect(shownAfterMs).toBeGreaterThanOrEqual(publishDelaySeconds * 1000);
      expect(await page.locator('h1').innerText()).toBe('Major Service Outage');
      const card = page.locator('section[aria-labelledby="active-incidents"] article');
      expect(await card.count()).toBe(1);
      expect(await card.locator('h3').innerText()).toBe('Checkout: payments may fail or be delayed');
      expect(await card.innerText()).toContain('Investigating');
      expect(await page.locator(`#component-${ids.checkout} .component-head`).innerText()).toMatch(/Major outage/);
      expect(await page.content()).not.toContain('raw alert text');
      const unresolved = await getJson<{ incidents: { name: string }[] }>('/api/v2/incidents/unresolved.json');
      expect(unresolved.incidents.map((incident) => incident.name)).toEqual(['Checkout: payments may fail or be delayed']);
      await shot(page, 'incident');
      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, 'incident-phone');
      await page.close();
    }, 90_000);

    it('is readable on a phone: no sideways scrolling, status in words with enough contrast', async () => {
      const { page } = await open('/', 390);

      expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const statuses = await page.locator('.component .status').allInnerTexts();
      expect(statuses.length).toBe(3);
      statuses.forEach((status) => expect(status).toMatch(/^(Operational|Degraded performance|Partial outage|Major outage|Under maintenance)$/));
      // Every text that carries status or navigation, against the white page (WCAG AA: 4.5:1).
      const colours = await page
        .locator('.status, .badge, .meta, h1, a')
        .evaluateAll((elements) => elements.map((element) => (globalThis as unknown as BrowserGlobals).getComputedStyle(element).color));
      const ratios = colours.map((colour) => contrastOnWhite(colour));
      expect(Math.min(...ratios)).toBeGreaterThanOrEqual(4.5);
      expect(await page.locator('svg.icon:not([aria-hidden="true"])').count()).toBe(0);
      await page.close();
    });

    it('turns the component back to operational after the resolve, and keeps the incident in its history', async () => {
      await publish(incidentEvent(outage, 'incident.resolved', 2, { status: 'resolved', openedAt: new Date(openedAt).toISOString(), resolvedAt: new Date().toISOString() }));

      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await eventually(
        async () => {
          await page.goto(url('/'));
          expect(await page.locator('h1').innerText()).toBe('All Systems Operational');
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );

      expect(await page.locator(`#component-${ids.checkout} .component-head`).innerText()).toMatch(/Operational/);
      expect(await page.locator('#active-incidents').count()).toBe(0);
      await shot(page, 'resolved');
      await page.locator('#past-incidents ~ section a', { hasText: 'Checkout: payments may fail or be delayed' }).first().click();
      expect(await page.locator('h1').innerText()).toBe('Checkout: payments may fail or be delayed');
      expect(await page.locator('.updates h3').allInnerTexts()).toEqual(['Resolved', 'Investigating']);
      await shot(page, 'incident-detail');
      await page.close();
    }, 90_000);
  });

  describe('Statuspage API and feeds', () => {
    it('answers summary.json in the shape of Atlassian Statuspage\'s public API', async () => {
      const response = await fetch(url('/api/v2/summary.json'));
      const summary = summarySchema.parse(await response.json());

      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(summary.page).toMatchObject({ name: 'Spec Shop', url: statusPage.url, time_zone: 'Etc/UTC' });
      expect(summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
      const shopping = summary.components.find((component) => component.group && component.name === 'Shopping');
      expect(shopping?.components).toEqual([ids.checkout, ids.search]);
      expect(summary.components.map((component) => component.name)).toEqual(['Shopping', 'Checkout', 'Search', 'Login']);
      expect(summary.components.map((component) => component.position)).toEqual([1, 2, 3, 4]);
      expect(summary.components.filter((component) => component.group_id === shopping?.id).map((component) => component.id)).toEqual([ids.checkout, ids.search]);
      statusSchema.parse(await getJson('/api/v2/status.json'));
      componentsSchema.parse(await getJson('/api/v2/components.json'));
      const recent = incidentsSchema.parse(await getJson('/api/v2/incidents.json'));
      const resolved = recent.incidents.find((incident) => incident.name === 'Checkout: payments may fail or be delayed');
      expect(resolved).toMatchObject({ status: 'resolved', impact: 'critical', shortlink: expect.stringMatching(`^${statusPage.url}/incidents/`) });
      expect(resolved?.incident_updates.map((update) => update.status)).toEqual(['resolved', 'investigating']);
      expect(resolved?.incident_updates[1]?.affected_components).toEqual([{ code: ids.checkout, name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }]);
      expect(recent.incidents).toHaveLength(1);
      expect(incidentsSchema.parse(await getJson('/api/v2/incidents/unresolved.json')).incidents).toEqual([]);
    });

    it('serves the history as RSS 2.0 and Atom 1.0 that a feed parser reads', async () => {
      const rss = await parseFeed(await (await fetch(url('/history.rss'))).text());
      const atom = await parseFeed(await (await fetch(url('/history.atom'))).text());

      expect(rss.meta).toMatchObject({ '#type': 'rss', '#version': '2.0', title: 'Spec Shop status – incident history', xmlurl: `${statusPage.url}/history.rss` });
      expect(atom.meta).toMatchObject({ '#type': 'atom', '#version': '1.0', title: 'Spec Shop status – incident history', xmlurl: `${statusPage.url}/history.atom` });
      for (const feed of [rss, atom]) {
        const [item] = feed.items;
        expect(item).toMatchObject({ title: 'Checkout: payments may fail or be delayed', link: expect.stringMatching(`^${statusPage.url}/incidents/`) });
        expect(item?.guid).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
        expect(item?.pubdate).toBeInstanceOf(Date);
        expect(item?.description).toContain('<strong>Resolved</strong> - This incident has been resolved.');
        expect(feed.items).toHaveLength(1);
      }
      expect(atom.items[0]?.guid).toBe(rss.items[0]?.guid);
    });

    it('answers 304 to a client whose copy is current, by ETag or by date', async () => {
      for (const path of ['/history.rss', '/history.atom', '/api/v2/summary.json', '/api/v2/components.json']) {
        const first = await fetch(url(path));
        const etag = first.headers.get('etag') ?? '';
        await first.arrayBuffer();

        const byTag = await fetch(url(path), { headers: { 'if-none-match': etag } });
        const stale = await fetch(url(path), { headers: { 'if-none-match': '"something-else"' } });

        expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
        expect(byTag.status).toBe(304);
        expect(await byTag.text()).toBe('');
        expect(stale.status).toBe(200);
      }
      const feed = await fetch(url('/history.atom'));
      const lastModified = feed.headers.get('last-modified') ?? '';
      expect(new Date(lastModified).getTime()).not.toBeNaN();
      expect((await fetch(url('/history.atom'), { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
      expect((await fetch(url('/history.atom'), { headers: { 'if-modified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() } })).status).toBe(200);
    });
  });

  describe('the admin API', () => {
    it('refuses a request without the admin token', async () => {
      const response = await fetch(url('/api/incidents'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('publishes a manual incident at once, and prints its words as text, never as markup', async () => {
      const response = await admin('/api/incidents', 'POST', {
        name: 'Search is slow <script>alert(1)</script>',
        status: 'identified',
        body: 'A bad index; we are rebuilding it. <b>Not bold.</b>',
        components: { [ids.search]: 'degraded_performance' },
      });
      const created = (await response.json()) as { id: string; status: string; impact: string };

      expect(response.status).toBe(201);
      expect(created).toMatchObject({ status: 'identified', impact: 'minor' });
      expect(await componentStatus(ids.search)).toBe('degraded_performance');
      const page = await browser.newPage();
      await page.goto(url(`/incidents/${created.id}`));
      expect(await page.locator('h1').innerText()).toBe('Search is slow <script>alert(1)</script>');
      expect(await page.locator('.updates p').first().innerText()).toBe('A bad index; we are rebuilding it. <b>Not bold.</b>');
      await page.close();
      await admin('/api/incidents', 'POST', { incidentId: created.id, status: 'resolved', body: 'The index is rebuilt.' });
      expect(await componentStatus(ids.search)).toBe('operational');
    });

    it('keeps the status a person posted when the alerts behind the incident resolve', async () => {
      const incidentId = randomUUID();
      const openedAt = new Date(Date.now() - 10 * 60_000).toISOString();
      await publish(incidentEvent(incidentId, 'incident.opened', 1, { openedAt, severity: 'error' }));
      const shown = await eventually(
        async () => {
          const { incidents } = await getJson<{ incidents: { id: string; name: string }[] }>('/api/v2/incidents/unresolved.json');
          expect(incidents).toHaveLength(1);
          return incidents[0] as { id: string };
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );

      const posted = await admin('/api/incidents', 'POST', { incidentId: shown.id, status: 'monitoring', body: 'A fix is deployed; we are watching it.' });
      await publish(incidentEvent(incidentId, 'incident.resolved', 2, { openedAt, severity: 'error', status: 'resolved', resolvedAt: new Date().toISOString() }));
      await eventually(
        async () => {
          const { rows } = await database.query('SELECT source_status FROM statuspage.incidents WHERE id = $1', [shown.id]);
          expect(rows[0]).toEqual({ source_status: 'resolved' });
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );

      expect(posted.status).toBe(201);
      const { incidents } = await getJson<{ incidents: { id: string; status: string }[] }>('/api/v2/incidents/unresolved.json');
      expect(incidents).toEqual([expect.objectContaining({ id: shown.id, status: 'monitoring' })]);
      expect(await componentStatus(ids.checkout)).toBe('partial_outage');
      await admin('/api/incidents', 'POST', { incidentId: shown.id, status: 'resolved', body: 'Fixed.' });
    }, 90_000);

    it('puts components under maintenance during a window, marks it in history, and publishes each change of the window', async () => {
      const created = await admin('/api/maintenances', 'POST', {
        title: 'Login database upgrade',
        description: 'Sign-in may be unavailable for a few minutes.',
        components: [ids.login],
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const window = (await created.json()) as { id: string; status: string; revision: number };

      expect(created.status).toBe(201);
      expect(window).toMatchObject({ status: 'in_progress', revision: 1 });
      expect(await componentStatus(ids.login)).toBe('under_maintenance');
      const summary = summarySchema.parse(await getJson('/api/v2/summary.json'));
      expect(summary.status).toEqual({ indicator: 'none', description: 'Service Under Maintenance' });
      expect(summary.scheduled_maintenances).toEqual([expect.objectContaining({ id: window.id, status: 'in_progress', impact: 'maintenance' })]);
      const page = await browser.newPage();
      await page.goto(url('/history'));
      expect(await page.locator(`#maintenance-${window.id}`).innerText()).toMatch(/Maintenance\s+Login database upgrade[\s\S]*In progress/);
      await shot(page, 'maintenance-history');
      await page.close();

      const cancelled = await admin(`/api/maintenances/${window.id}/cancel`, 'POST');
      expect(cancelled.status).toBe(200);
      expect(await componentStatus(ids.login)).toBe('operational');
      await eventually(
        () =>
          expect(maintenanceEvents.filter((event) => event.data.maintenanceId === window.id).map((event) => [event.type, event.data.revision])).toEqual([
            ['maintenance.scheduled', 1],
            ['maintenance.cancelled', 2],
          ]),
        { timeoutMs: 30_000, intervalMs: 250 },
      );
    });
  });

  describe('after a crash', () => {
    it('shows the same page when restarted, and applies redelivered events once', async () => {
      const before = stableParts(await getJson('/api/v2/incidents.json'));
      await statusPage.kill();
      // Everything published so far arrives again, as after a consumer crash before its offsets were committed.
      await publisher.publishMany(topics.incident, published);
      statusPage = await startServiceProcess({ service: 'status-page', instance: `${run}-restarted`, env });
      await publish(
        incidentEvent(randomUUID(), 'incident.opened', 1, { service: `${run}-search-api`, tier: 'tier-2', component: ids.search, severity: 'warning' }),
      );

      // The new incident shows once the replay before it on its partition has been applied; the replay changed nothing.
      const after = await eventually(
        async () => {
          const incidents = stableParts(await getJson('/api/v2/incidents.json'));
          expect(incidents.map((incident) => incident.name)).toContain('Search: service disruption');
          return incidents;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(after.filter((incident) => incident.name !== 'Search: service disruption')).toEqual(before);
    }, 240_000);
  });
});

/** What a restart must not change about incidents (links and the page id follow the new process's port; component statuses move on). */
function stableParts(body: unknown) {
  return incidentsSchema.parse(body).incidents.map((incident) => ({
    id: incident.id,
    name: incident.name,
    status: incident.status,
    impact: incident.impact,
    created_at: incident.created_at,
    resolved_at: incident.resolved_at,
    updates: incident.incident_updates.map((update) => [update.id, update.status, update.body, update.created_at, update.affected_components]),
  }));
}

/** What the specs read of the browser's globals inside `page.evaluate` (this project compiles without the DOM library). */
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number } };
  getComputedStyle(element: unknown): { color: string };
}

/** WCAG 2 contrast ratio of an `rgb(…)` colour on white. */
function contrastOnWhite(colour: string): number {
  const [r = 0, g = 0, b = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((value) => {
    const channel = Number(value) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

// Statuspage's documented v2 shapes (developer.statuspage.io, "Status API"),
// strict, so a missing or extra field fails.
const pageShape = z.strictObject({ id: z.string().min(1), name: z.string(), url: z.url(), time_zone: z.string(), updated_at: z.iso.datetime() });
const componentStatuses = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
const componentShape = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  status: componentStatuses,
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  position: z.int().positive(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.iso.date().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  components: z.array(z.string()).optional(),
});
const updateShape = z.strictObject({
  id: z.string().min(1),
  status: z.string(),
  body: z.string(),
  incident_id: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  display_at: z.iso.datetime(),
  affected_components: z.array(z.strictObject({ code: z.string(), name: z.string(), old_status: componentStatuses, new_status: componentStatuses })).nullable(),
  deliver_notifications: z.boolean(),
  custom_tweet: z.null(),
  tweet_id: z.null(),
});
const incidentFields = {
  id: z.string().min(1),
  name: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  monitoring_at: z.iso.datetime().nullable(),
  resolved_at: z.iso.datetime().nullable(),
  shortlink: z.url(),
  started_at: z.iso.datetime(),
  page_id: z.string(),
  incident_updates: z.array(updateShape),
  components: z.array(componentShape),
};
const incidentShape = z.strictObject({
  ...incidentFields,
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
});
const maintenanceShape = z.strictObject({
  ...incidentFields,
  status: z.enum(['scheduled', 'in_progress', 'verifying', 'completed']),
  impact: z.literal('maintenance'),
  scheduled_for: z.iso.datetime(),
  scheduled_until: z.iso.datetime(),
});
const statusShape = z.strictObject({ indicator: z.enum(['none', 'minor', 'major', 'critical']), description: z.string() });
const summarySchema = z.strictObject({
  page: pageShape,
  components: z.array(componentShape),
  incidents: z.array(incidentShape),
  scheduled_maintenances: z.array(maintenanceShape),
  status: statusShape,
});
const statusSchema = z.strictObject({ page: pageShape, status: statusShape });
const componentsSchema = z.strictObject({ page: pageShape, components: z.array(componentShape) });
const incidentsSchema = z.strictObject({ page: pageShape, incidents: z.array(incidentShape) });

/**
 * Parses a feed twice with feedparser: strictly, so malformed XML fails, and
 * as feed readers do, for what they make of it.
 */
async function parseFeed(xml: string): Promise<{ meta: FeedParser.Meta & Record<string, unknown>; items: FeedParser.Item[] }> {
  const parse = (strict: boolean) =>
    new Promise<{ meta: FeedParser.Meta & Record<string, unknown>; items: FeedParser.Item[] }>((resolve, reject) => {
      const parser = new FeedParser({ strict, resume_saxerror: false, normalize: true, addmeta: false });
      const items: FeedParser.Item[] = [];
      parser.on('error', reject);
      parser.on('readable', () => {
        let item: FeedParser.Item | null;
        while ((item = parser.read() as FeedParser.Item | null)) items.push(item);
      });
      parser.on('end', () => resolve({ meta: parser.meta as FeedParser.Meta & Record<string, unknown>, items }));
      parser.end(xml);
    });
  await parse(true);
  return parse(false);
}
