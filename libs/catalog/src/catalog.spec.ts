import { Catalog } from './catalog';
import { parseCatalog } from './parse-catalog';
import { CatalogError } from './problems';
import { defaultCatalogPath, loadCatalog } from './load-catalog';

describe('the example catalog (config/catalog.yaml)', () => {
  const catalog = new Catalog(loadCatalog(defaultCatalogPath));

  it('loads from the default path', () => {
    expect(defaultCatalogPath).toMatch(/config[\\/]catalog\.yaml$/);
    expect(loadCatalog()).toEqual(catalog.definition);
  });

  it('maps several services onto one component', () => {
    expect(catalog.component('checkout')?.services).toEqual(['checkout-api', 'payments-worker']);
  });

  it('keeps private components and component-less services off the public page', () => {
    expect(catalog.publicComponents().map((component) => component.id)).toEqual(['checkout', 'search', 'login']);
    expect(catalog.service('ledger-export')?.component).toBeUndefined();
  });

  it('covers a weekly rotation, a daily rotation and an override', () => {
    const rotations = Object.values(catalog.definition.teams).map((team) => team.rotation.handOff);
    expect(rotations).toEqual(expect.arrayContaining(['weekly', 'daily']));
    // chen has the week of 2026-03-02 in payments; bob covers 2026-03-03 09:00 to 2026-03-05 09:00 Berlin time.
    expect(catalog.onCall('payments', new Date('2026-03-03T07:59:00Z'))).toEqual({ person: 'chen', source: 'rotation' });
    expect(catalog.onCall('payments', new Date('2026-03-03T08:00:00Z'))).toMatchObject({ person: 'bob', source: 'override' });
    expect(catalog.onCall('payments', new Date('2026-03-05T08:00:00Z'))).toEqual({ person: 'chen', source: 'rotation' });
  });

  it('pages the platform team for a tier-1 critical at night', () => {
    // 2026-03-03 is a Tuesday; 22:00Z is 23:00 in Berlin.
    expect(catalog.route({ service: 'checkout-api', severity: 'critical', at: new Date('2026-03-03T22:00:00Z') })).toEqual({
      team: 'platform',
      queue: 'SRE',
      rule: 0,
    });
    expect(catalog.route({ service: 'checkout-api', severity: 'critical', at: new Date('2026-03-03T10:00:00Z') })).toEqual({
      team: 'payments',
      queue: 'PAY',
    });
  });

  it('applies its partial priority override and keeps the other defaults', () => {
    expect(catalog.priority('tier-1', 'info')).toBe('P4');
    expect(catalog.priority('tier-1', 'critical')).toBe('P1');
  });
});

const minimal = `
services:
  checkout-api: { tier: tier-1, team: payments, component: checkout, costPerMinute: 450, displayName: Checkout API }
  payments-worker: { tier: tier-1, team: payments, component: checkout, costPerMinute: 300 }
  constructor: { tier: tier-3, team: payments, costPerMinute: 0 }
components:
  checkout: { name: Checkout, publicTitle: "{{service}} ({{component}}) is degraded" }
  search: { name: Search }
  internal: { name: Internal tools, public: false }
teams:
  payments:
    name: Payments
    ticketQueue: PAY
    timeZone: Europe/Berlin
    rotation: { handOff: daily, start: 2026-01-01, members: [alice, bob] }
    connector: { kind: jira, project: PAY }
`;

describe('Catalog', () => {
  const catalog = new Catalog(parseCatalog(minimal));

  it('describes a known service, with its name as display name when it has none', () => {
    expect(catalog.service('checkout-api')).toEqual({
      name: 'checkout-api',
      tier: 'tier-1',
      team: 'payments',
      component: 'checkout',
      costPerMinute: 450,
      displayName: 'Checkout API',
    });
    expect(catalog.service('payments-worker')?.displayName).toBe('payments-worker');
  });

  it('returns undefined for unknown names, including names of object properties', () => {
    expect(catalog.service('unknown-api')).toBeUndefined();
    expect(catalog.service('toString')).toBeUndefined();
    expect(catalog.component('__proto__')).toBeUndefined();
    expect(catalog.team('hasOwnProperty')).toBeUndefined();
    expect(catalog.onCall('nobody', new Date())).toBeUndefined();
  });

  it('finds a service that happens to be called "constructor"', () => {
    expect(catalog.service('constructor')?.tier).toBe('tier-3');
  });

  it('lists public components only, in catalog order', () => {
    expect(catalog.publicComponents().map((component) => component.id)).toEqual(['checkout', 'search']);
    expect(catalog.component('internal')?.public).toBe(false);
  });

  it('describes a team with its opaque connector settings', () => {
    expect(catalog.team('payments')).toEqual({
      id: 'payments',
      name: 'Payments',
      ticketQueue: 'PAY',
      timeZone: 'Europe/Berlin',
      connector: { kind: 'jira', project: 'PAY' },
    });
  });

  it('renders public titles from display names only', () => {
    expect(catalog.publicTitle('checkout', 'checkout-api')).toBe('Checkout API (Checkout) is degraded');
    expect(catalog.publicTitle('checkout', 'not-in-catalog')).toBe('Checkout (Checkout) is degraded');
    expect(catalog.publicTitle('search')).toBe('Search: service disruption');
    expect(catalog.publicTitle('missing')).toBeUndefined();
  });

  it('uses the default priority matrix', () => {
    const matrix = (['tier-1', 'tier-2', 'tier-3'] as const).map((tier) =>
      (['critical', 'error', 'warning', 'info'] as const).map((severity) => catalog.priority(tier, severity)).join(' '),
    );
    expect(matrix).toEqual(['P1 P2 P3 P5', 'P2 P3 P4 P5', 'P3 P4 P5 P5']);
  });

  it('uses the default severity weights', () => {
    expect((['critical', 'error', 'warning', 'info'] as const).map((severity) => catalog.severityWeight(severity))).toEqual([1, 0.5, 0.25, 0]);
  });

  it('applies priority and weight overrides cell by cell', () => {
    const overridden = new Catalog(
      parseCatalog(`${minimal}
priorities:
  tier-3: { critical: P2 }
severityWeights: { info: 0.05 }
`),
    );
    expect(overridden.priority('tier-3', 'critical')).toBe('P2');
    expect(overridden.priority('tier-3', 'error')).toBe('P4');
    expect(overridden.severityWeight('info')).toBe(0.05);
    expect(overridden.severityWeight('critical')).toBe(1);
  });

  it('uses UTC business hours, Monday to Friday 09:00–17:00, when the file sets none', () => {
    expect(catalog.isBusinessHours(new Date('2026-01-13T08:59:00Z'))).toBe(false);
    expect(catalog.isBusinessHours(new Date('2026-01-13T09:00:00Z'))).toBe(true);
    expect(catalog.isBusinessHours(new Date('2026-01-17T12:00:00Z'))).toBe(false);
  });

  it('answers who is on call from the rotation', () => {
    // Daily at 09:00 Berlin (08:00Z in January), alice from 2026-01-01.
    expect(catalog.onCall('payments', new Date('2026-01-02T07:59:00Z'))).toEqual({ person: 'alice', source: 'rotation' });
    expect(catalog.onCall('payments', new Date('2026-01-02T08:00:00Z'))).toEqual({ person: 'bob', source: 'rotation' });
  });
});

describe('loadCatalog', () => {
  it('reports a file that cannot be read as a CatalogError', () => {
    expect(() => loadCatalog('/nonexistent/catalog.yaml')).toThrow(CatalogError);
    expect(() => loadCatalog('/nonexistent/catalog.yaml')).toThrow(/\/nonexistent\/catalog\.yaml .*cannot read the file: ENOENT/s);
  });
});
