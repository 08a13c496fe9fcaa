import type { Severity } from '@hookline/contracts/events';
import { Catalog } from './catalog';
import { parseCatalog } from './parse-catalog';
import { firstMatchingRule } from './routing';
import type { RoutingRule } from './catalog.schema';

const catalog = new Catalog(
  parseCatalog(`
services:
  checkout-api: { tier: tier-1, team: payments, costPerMinute: 100 }
  search-api: { tier: tier-2, team: discovery, costPerMinute: 10 }
teams:
  payments:
    name: Payments
    ticketQueue: PAY
    timeZone: Europe/Berlin
    rotation: { handOff: daily, start: 2026-01-01, members: [alice] }
  discovery:
    name: Discovery
    timeZone: Europe/Berlin
    rotation: { handOff: daily, start: 2026-01-01, members: [dana] }
  platform:
    name: Platform
    ticketQueue: PLAT
    timeZone: Europe/London
    rotation: { handOff: daily, start: 2026-01-01, members: [farah] }
businessHours:
  timeZone: Europe/Berlin
  start: "09:00"
  end: "17:00"
routing:
  - match: { services: [checkout-api], severities: [critical], during: outside_business_hours }
    team: platform
    queue: SRE
  - match: { severities: [warning], during: outside_business_hours }
    team: platform
    queue: sre-queue
  - match: { services: [search-api], severities: [critical] }
    team: platform
`),
);

// 2026-01-13 is a Tuesday, 2026-01-17 a Saturday; Berlin is UTC+1 in January.
const tuesdayMorning = new Date('2026-01-13T09:00:00Z'); // 10:00 Berlin
const tuesdayNight = new Date('2026-01-13T21:00:00Z'); // 22:00 Berlin
const saturdayNoon = new Date('2026-01-17T11:00:00Z');

const route = (service: string | undefined, severity: Severity, at: Date) => catalog.route({ service, severity, at });

describe('Catalog.route', () => {
  it("sends an alert no rule matches to the service's own team and queue", () => {
    expect(route('checkout-api', 'critical', tuesdayMorning)).toEqual({ team: 'payments', queue: 'PAY' });
  });

  it('applies a rule for outside business hours at night', () => {
    expect(route('checkout-api', 'critical', tuesdayNight)).toEqual({ team: 'platform', queue: 'SRE', rule: 0 });
  });

  it('treats a weekend day as outside business hours', () => {
    expect(route('checkout-api', 'critical', saturdayNoon)).toEqual({ team: 'platform', queue: 'SRE', rule: 0 });
  });

  it('judges business hours on the Berlin wall clock, in summer too', () => {
    // 08:30Z is 10:30 CEST on a Tuesday in July: business hours.
    expect(route('checkout-api', 'critical', new Date('2026-07-14T08:30:00Z'))?.team).toBe('payments');
    // 15:30Z is 17:30 CEST: after hours.
    expect(route('checkout-api', 'critical', new Date('2026-07-14T15:30:00Z'))?.team).toBe('platform');
  });

  it('lets the next rule match when an earlier one does not', () => {
    expect(route('checkout-api', 'warning', tuesdayNight)).toEqual({ team: 'platform', queue: 'sre-queue', rule: 1 });
    expect(route('checkout-api', 'warning', tuesdayMorning)).toEqual({ team: 'payments', queue: 'PAY' });
  });

  it("uses the chosen team's ticket queue when the rule names none", () => {
    expect(route('search-api', 'critical', tuesdayMorning)).toEqual({ team: 'platform', queue: 'PLAT', rule: 2 });
  });

  it('omits the queue when neither the rule nor the team has one', () => {
    expect(route('search-api', 'error', tuesdayMorning)).toEqual({ team: 'discovery' });
  });

  it('routes an unknown service or an alert without service by rules that do not name services', () => {
    expect(route('legacy-cron', 'warning', tuesdayNight)).toEqual({ team: 'platform', queue: 'sre-queue', rule: 1 });
    expect(route(undefined, 'warning', saturdayNoon)).toEqual({ team: 'platform', queue: 'sre-queue', rule: 1 });
  });

  it('returns undefined for an unknown service that no rule matches', () => {
    expect(route('legacy-cron', 'critical', tuesdayNight)).toBeUndefined();
  });
});

describe('firstMatchingRule', () => {
  const rule = (match: RoutingRule['match'], team: string): RoutingRule => ({ match, team });
  const neverAsked = () => {
    throw new Error('business hours should not be needed');
  };

  it('returns the first of several matching rules', () => {
    const rules = [rule({ severities: ['critical'] }, 'first'), rule({ services: ['svc'] }, 'second')];
    expect(firstMatchingRule(rules, { service: 'svc', severity: 'critical' }, neverAsked)).toBe(0);
    expect(firstMatchingRule([...rules].reverse(), { service: 'svc', severity: 'critical' }, neverAsked)).toBe(0);
    expect(firstMatchingRule(rules, { service: 'svc', severity: 'error' }, neverAsked)).toBe(1);
  });

  it('requires every condition of a rule to hold', () => {
    const rules = [rule({ services: ['svc'], severities: ['critical'], during: 'business_hours' }, 'team')];
    expect(firstMatchingRule(rules, { service: 'svc', severity: 'critical' }, () => true)).toBe(0);
    expect(firstMatchingRule(rules, { service: 'svc', severity: 'critical' }, () => false)).toBeUndefined();
    expect(firstMatchingRule(rules, { service: 'other', severity: 'critical' }, () => true)).toBeUndefined();
    expect(firstMatchingRule(rules, { service: 'svc', severity: 'error' }, () => true)).toBeUndefined();
  });

  it('matches everything with a rule without conditions', () => {
    expect(firstMatchingRule([rule({}, 'anyone')], { severity: 'info' }, neverAsked)).toBe(0);
  });
});
