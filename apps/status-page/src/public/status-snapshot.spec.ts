import type { ComponentInfo } from '@hookline/catalog';
import type { IncidentUpdate, IncidentWithUpdates, PublicIncident } from '../incidents/public-incident';
import type { MaintenanceWindow } from '../maintenance/maintenance-window';
import { buildSnapshot, type SnapshotInput } from './status-snapshot';

const now = new Date('2026-05-10T12:00:00.000Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const delayMs = 60_000;

const components: ComponentInfo[] = [
  { id: 'checkout', name: 'Checkout', public: true, group: 'Shopping', services: ['checkout-api'], publicTitle: '{{component}}: payments may fail' },
  { id: 'search', name: 'Search', public: true, group: 'Shopping', services: ['search-api'] },
  { id: 'login', name: 'Login', public: true, services: ['auth-api'] },
];

function automatic(id: string, component: string, openedMinutesAgo: number, resolvedMinutesAgo?: number): IncidentWithUpdates {
  const createdAt = ago(openedMinutesAgo);
  const incident: PublicIncident = {
    id,
    origin: 'automatic',
    source: { incidentId: `source-${id}`, revision: 1, status: resolvedMinutesAgo === undefined ? 'open' : 'resolved' },
    components: [component],
    service: `${component}-api`,
    severity: 'critical',
    tier: 'tier-1',
    status: resolvedMinutesAgo === undefined ? 'investigating' : 'resolved',
    statusSetBy: 'automatic',
    createdAt,
    updatedAt: ago(resolvedMinutesAgo ?? openedMinutesAgo),
    impactSince: createdAt,
    ...(resolvedMinutesAgo === undefined ? {} : { resolvedAt: ago(resolvedMinutesAgo) }),
  };
  const updates: IncidentUpdate[] = [
    { id: `${id}-1`, incidentId: id, status: 'investigating', kind: 'opened', at: createdAt, createdBy: 'automatic', impact: { [component]: 'major_outage' } },
  ];
  if (resolvedMinutesAgo !== undefined) {
    updates.push({ id: `${id}-2`, incidentId: id, status: 'resolved', kind: 'resolved', at: ago(resolvedMinutesAgo), createdBy: 'automatic', impact: { [component]: 'operational' } });
  }
  return { incident, updates };
}

function snapshot(incidents: IncidentWithUpdates[], windows: MaintenanceWindow[] = [], at = now, since = new Date('2026-01-01T00:00:00.000Z')) {
  const input: SnapshotInput = {
    now: at,
    publishDelayMs: delayMs,
    naming: {
      publicTitle: (component) => `${components.find((entry) => entry.id === component)?.name}: service disruption`,
      componentName: (component) => components.find((entry) => entry.id === component)?.name ?? component,
    },
    page: { name: 'Hookline', url: 'https://status.example.com' },
    historyDays: 90,
    components,
    componentsSince: new Map(components.map((component) => [component.id, since])),
    incidents,
    windows,
  };
  return buildSnapshot(input);
}

function maintenance(component: string, startMinutesAgo: number, endMinutesAgo: number): MaintenanceWindow {
  return {
    id: `window-${component}`,
    revision: 1,
    title: 'Database upgrade',
    components: [component],
    startsAt: ago(startMinutesAgo),
    endsAt: ago(endMinutesAgo),
    cancelled: false,
    createdAt: ago(10_000),
    updatedAt: ago(10_000),
  };
}

describe('buildSnapshot', () => {
  it('shows an open incident once the publish delay has passed, with the worst status on its component and the page', () => {
    const early = snapshot([automatic('a', 'checkout', 0.5)]);
    const later = snapshot([automatic('a', 'checkout', 5)]);

    expect(early.incidents).toEqual([]);
    expect(early.status.indicator).toBe('none');
    expect(later.incidents.map((view) => view.incident.name)).toEqual(['Checkout: service disruption']);
    expect(later.components.find((component) => component.id === 'checkout')?.status).toBe('major_outage');
    expect(later.status).toEqual({ indicator: 'critical', description: 'Major Service Outage' });
  });

  it('never shows an incident that resolved within the publish delay, not even afterwards', () => {
    const view = snapshot([automatic('flap', 'checkout', 30, 29.5)]);

    expect(view.incidents).toEqual([]);
    expect(view.components.find((component) => component.id === 'checkout')?.uptime.percent).toBe(100);
  });

  it('words automatic updates with catalog names only', () => {
    const [incident] = snapshot([automatic('a', 'checkout', 5)]).incidents;

    expect(incident?.updates.map((update) => update.body)).toEqual(['We are investigating an issue affecting Checkout.']);
  });

  it('shows a component under maintenance during its window, and keeps an incident opened inside the window off the page', () => {
    const view = snapshot([automatic('during', 'login', 20)], [maintenance('login', 30, -30)]);

    expect(view.components.find((component) => component.id === 'login')?.status).toBe('under_maintenance');
    expect(view.incidents).toEqual([]);
    expect(view.status.description).toBe('Service Under Maintenance');
  });

  it('shows an incident that outlasts the maintenance window from the end of the window', () => {
    const view = snapshot([automatic('after', 'login', 20)], [maintenance('login', 30, 10)]);

    expect(view.incidents.map((entry) => [entry.incident.id, entry.publishedAt])).toEqual([['after', ago(10)]]);
    expect(view.components.find((component) => component.id === 'login')?.status).toBe('major_outage');
  });

  it('publishes what a person posted at once, whatever the delay', () => {
    const { incident, updates } = automatic('person', 'search', 0.2);
    const posted = { ...incident, status: 'identified' as const, statusSetBy: 'person' as const, personPostedAt: ago(0.1) };

    const view = snapshot([{ incident: posted, updates }]);

    expect(view.incidents.map((entry) => entry.publishedAt)).toEqual([ago(0.1)]);
  });

  it('counts a major outage fully and a partial outage at 30 % in the uptime, and marks the day', () => {
    const day = 24 * 60;
    const partial = automatic('partial', 'search', day + 600, day + 360);
    partial.updates[0] = { ...(partial.updates[0] as IncidentUpdate), impact: { search: 'partial_outage' } };
    const view = snapshot([automatic('major', 'checkout', day + 600, day + 360), partial]);

    const checkout = view.components.find((component) => component.id === 'checkout')?.uptime;
    const search = view.components.find((component) => component.id === 'search')?.uptime;
    const observed = now.getTime() - new Date('2026-02-10T00:00:00.000Z').getTime();
    expect(checkout?.percent).toBeCloseTo(100 * (1 - (240 * 60_000) / observed), 6);
    expect(search?.percent).toBeCloseTo(100 * (1 - (0.3 * 240 * 60_000) / observed), 6);
    expect(checkout?.days.find((entry) => entry.date === '2026-05-09')).toMatchObject({ status: 'major_outage', timeInStatus: { major_outage: 240 * 60_000 } });
    expect(checkout?.days).toHaveLength(90);
  });

  it('does not count time under maintenance as downtime', () => {
    const view = snapshot([automatic('outlasting', 'checkout', 120, 60)], [maintenance('checkout', 130, 90)]);

    const today = view.components.find((component) => component.id === 'checkout')?.uptime.days.at(-1);
    expect(today?.timeInStatus).toEqual({ under_maintenance: 40 * 60_000, major_outage: 30 * 60_000 });
  });

  it('leaves planned maintenance out of the time the uptime is measured over, as the ledger does', () => {
    const view = snapshot([automatic('outlasting', 'checkout', 120, 60)], [maintenance('checkout', 130, 90)]);

    const observed = now.getTime() - new Date('2026-02-10T00:00:00.000Z').getTime();
    expect(view.components.find((component) => component.id === 'checkout')?.uptime.percent).toBeCloseTo(
      100 * (1 - (30 * 60_000) / (observed - 40 * 60_000)),
      9,
    );
  });

  it('gives no uptime figure for a 95-second outage minutes after a fresh install, only the outage itself', () => {
    const installed = ago(10);
    const outage = automatic('fresh', 'checkout', 5, 5 - 95 / 60);

    const uptime = snapshot([outage], [], now, installed).components.find((component) => component.id === 'checkout')?.uptime;

    expect(uptime?.percent).toBeUndefined();
    expect(uptime?.observedMs).toBe(10 * 60_000);
    expect(uptime?.days.at(-1)).toMatchObject({ status: 'major_outage', timeInStatus: { major_outage: 95_000 } });
  });

  it('gives an uptime figure once a day of data is in', () => {
    const uptime = snapshot([automatic('later', 'checkout', 5, 5 - 95 / 60)], [], now, ago(24 * 60)).components.find(
      (component) => component.id === 'checkout',
    )?.uptime;

    expect(uptime?.percent).toBeCloseTo(100 * (1 - 95 / 86_400), 9);
  });

  /*
   * The ledger's side of the same outage is in apps/ledger/src/entries/ledger-recorder.int.spec.ts
   * ("gives the uptime the status page gives"): a 95-second critical outage on 10 March 2026, March measured whole.
   */
  it('gives the uptime the ledger gives for one outage over a month with data', () => {
    const opened = new Date('2026-03-10T12:00:00.000Z');
    const outage = automatic('march', 'checkout', 0, -95 / 60);
    const shifted: IncidentWithUpdates = {
      incident: { ...outage.incident, createdAt: opened, impactSince: opened, updatedAt: new Date(opened.getTime() + 95_000), resolvedAt: new Date(opened.getTime() + 95_000) },
      updates: outage.updates.map((update, index) => ({ ...update, at: new Date(opened.getTime() + index * 95_000) })),
    };

    const view = snapshot([shifted], [], new Date('2026-04-01T00:00:00.000Z'), new Date('2026-03-01T00:00:00.000Z'));

    const uptime = view.components.find((component) => component.id === 'checkout')?.uptime;
    expect(uptime?.observedMs).toBe(31 * 86_400_000);
    expect(uptime?.percent).toBeCloseTo(100 * (1 - 95 / (31 * 86_400)), 9);
  });
});
