import { stringify } from 'yaml';
import { defaultPriorityMatrix, defaultSeverityWeights } from './catalog.schema';
import { catalogProblems, parseCatalog } from './parse-catalog';
import { CatalogError } from './problems';

/** A small valid catalog as plain data; each test breaks one thing. */
function validCatalog() {
  return {
    services: {
      'checkout-api': { tier: 'tier-1', team: 'payments', component: 'checkout', costPerMinute: 100 },
    },
    components: { checkout: { name: 'Checkout' } },
    teams: {
      payments: {
        name: 'Payments',
        timeZone: 'Europe/Berlin',
        rotation: { handOff: 'weekly', start: '2026-01-05', members: ['alice', 'bob'] },
      },
    },
  };
}

/** Marks a field to delete in `problemsWith`. */
const removed = Symbol('removed');
type Edit = [path: string, value: unknown];

/**
 * The problems after setting (or removing) fields of the valid catalog, by
 * dotted path, without line numbers (the line-number tests check those).
 */
function problemsWith(...edits: Edit[]): string[] {
  const catalog: Record<string, unknown> = validCatalog();
  for (const [path, value] of edits) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, catalog);
    if (value === removed) delete parent[last];
    else parent[last] = value;
  }
  return catalogProblems(stringify(catalog)).map((problem) => problem.replace(/ \(line \d+\)/, ''));
}

describe('parseCatalog', () => {
  it('accepts a minimal catalog and fills in every default', () => {
    const catalog = parseCatalog(stringify(validCatalog()));
    expect(catalog.components['checkout']?.public).toBe(true);
    expect(catalog.teams['payments']?.rotation).toEqual({
      handOff: 'weekly',
      handOffDay: 'monday',
      handOffTime: '09:00',
      start: '2026-01-05',
      members: ['alice', 'bob'],
    });
    expect(catalog.teams['payments']?.overrides).toEqual([]);
    expect(catalog.businessHours).toEqual({
      timeZone: 'UTC',
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      start: '09:00',
      end: '17:00',
    });
    expect(catalog.routing).toEqual([]);
    expect(catalog.priorities).toEqual(defaultPriorityMatrix);
    expect(catalog.severityWeights).toEqual(defaultSeverityWeights);
  });

  it('reads unquoted times and dates as text (YAML 1.2), not as numbers', () => {
    const catalog = parseCatalog(`
services: {}
teams:
  ops:
    name: Ops
    timeZone: UTC
    rotation:
      handOff: daily
      handOffTime: 08:30
      start: 2026-01-01
      members: [x]
`);
    expect(catalog.teams['ops']?.rotation).toMatchObject({ handOffTime: '08:30', start: '2026-01-01' });
  });

  it('merges partial priority and weight overrides into the defaults', () => {
    const catalog = parseCatalog(
      stringify({ ...validCatalog(), priorities: { 'tier-2': { warning: 'P3' } }, severityWeights: { warning: 0.1 } }),
    );
    expect(catalog.priorities['tier-2']).toEqual({ critical: 'P2', error: 'P3', warning: 'P3', info: 'P5' });
    expect(catalog.priorities['tier-1']).toEqual(defaultPriorityMatrix['tier-1']);
    expect(catalog.severityWeights).toEqual({ critical: 1, error: 0.5, warning: 0.1, info: 0 });
  });

  it('throws a CatalogError naming the source and listing every problem with its path and line', () => {
    const text = [
      'services:', //                                     1
      '  checkout-api:', //                               2
      '    tier: tier-1', //                              3
      '    team: payment', //                             4
      '    costPerMinute: 100', //                        5
      'teams:', //                                        6
      '  payments:', //                                   7
      '    name: Payments', //                            8
      '    timeZone: Europe/Berlinn', //                  9
      '    rotation:', //                                10
      '      handOff: daily', //                         11
      '      start: 2026-01-01', //                      12
      '      members: [alice]', //                       13
    ].join('\n');
    const error = captureError(() => parseCatalog(text, 'config/catalog.yaml'));
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).problems).toHaveLength(2);
    expect((error as CatalogError).message).toBe(
      [
        'invalid service catalog config/catalog.yaml (2 problems):',
        '  - teams.payments.timeZone (line 9): must be an IANA time zone such as "Europe/Berlin" or "UTC"',
        '  - services.checkout-api.team (line 4): unknown team "payment" (known teams: payments)',
      ].join('\n'),
    );
  });
});

describe('catalogProblems', () => {
  it('is empty for a valid catalog', () => {
    expect(catalogProblems(stringify(validCatalog()))).toEqual([]);
  });

  it('reports a service naming an unknown team', () => {
    expect(problemsWith(['services.checkout-api.team', 'payment'])).toEqual([
      'services.checkout-api.team: unknown team "payment" (known teams: payments)',
    ]);
  });

  it('reports a service naming an unknown component', () => {
    expect(problemsWith(['services.checkout-api.component', 'chekout'])).toEqual([
      'services.checkout-api.component: unknown component "chekout" (known components: checkout)',
    ]);
  });

  it('reports a routing rule naming an unknown team or service', () => {
    const problems = problemsWith(['routing', [{ match: { services: ['checkout-api', 'serch-api'] }, team: 'sre' }]]);
    expect(problems).toEqual([
      expect.stringMatching(/^routing\[0\]\.team: unknown team "sre"/),
      expect.stringMatching(/^routing\[0\]\.match\.services\[1\]: unknown service "serch-api"/),
    ]);
  });

  it('reports a routing rule that an earlier catch-all rule hides', () => {
    const problems = problemsWith(['routing', [{ team: 'payments' }, { match: { severities: ['critical'] }, team: 'payments' }]]);
    expect(problems).toEqual([expect.stringMatching(/^routing\[1\]: can never match: routing\[0\] has no conditions/)]);
  });

  it('reports a time zone the runtime does not know, in teams and business hours', () => {
    const problems = problemsWith(['teams.payments.timeZone', 'CET+1'], ['businessHours', { timeZone: 'Berlin' }]);
    expect(problems).toEqual([
      expect.stringMatching(/^teams\.payments\.timeZone: must be an IANA time zone/),
      expect.stringMatching(/^businessHours\.timeZone: must be an IANA time zone/),
    ]);
  });

  it('reports an empty rotation', () => {
    expect(problemsWith(['teams.payments.rotation.members', []])).toEqual([
      expect.stringMatching(/^teams\.payments\.rotation\.members: must list at least one person$/),
    ]);
  });

  it('reports an override that ends before it starts', () => {
    const problems = problemsWith([
      'teams.payments.overrides',
      [{ person: 'bob', from: '2026-03-03T09:00:00+01:00', to: '2026-03-03T08:00:00Z' }],
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^teams\.payments\.overrides\[0\]\.to: must be after "from" \(2026-03-03T09:00:00\+01:00\)$/),
    ]);
  });

  it('reports an override instant without a zone', () => {
    const problems = problemsWith([
      'teams.payments.overrides',
      [{ person: 'bob', from: '2026-03-03T09:00:00', to: '2026-03-04T09:00:00Z' }],
    ]);
    expect(problems).toEqual([expect.stringMatching(/^teams\.payments\.overrides\[0\]\.from: must be an ISO-8601 instant with a zone/)]);
  });

  it('reports a weekly rotation that starts on another day than its hand-off day', () => {
    expect(problemsWith(['teams.payments.rotation.start', '2026-01-06'])).toEqual([
      expect.stringContaining('teams.payments.rotation.start: 2026-01-06 is a tuesday, but the weekly hand-off is on monday'),
    ]);
  });

  it('reports a hand-off setting that does not exist', () => {
    expect(problemsWith(['teams.payments.rotation.handOff', 'monthly'])).toEqual([
      'teams.payments.rotation.handOff: must be one of: daily, weekly',
    ]);
  });

  it('reports an unknown field, so a typo does not silently drop a value', () => {
    expect(problemsWith(['services.checkout-api.costPerMinut', 3])).toEqual(['services.checkout-api.costPerMinut: unknown field']);
  });

  it('reports missing and mistyped fields', () => {
    const problems = problemsWith(
      ['services.checkout-api.costPerMinute', removed],
      ['services.checkout-api.tier', 'gold'],
      ['components.checkout.public', 'yes'],
    );
    expect(problems).toEqual([
      'services.checkout-api.tier: must be one of: tier-1, tier-2, tier-3',
      'services.checkout-api.costPerMinute: required (a number)',
      'components.checkout.public: expected a boolean, got text',
    ]);
  });

  it('reports a public title that would show anything but display names', () => {
    expect(problemsWith(['components.checkout.publicTitle', '{{component}}: {{alert.summary}}'])).toEqual([
      expect.stringContaining('components.checkout.publicTitle: unknown placeholder {{alert.summary}}'),
    ]);
  });

  it('reports priority and weight values out of range', () => {
    const problems = problemsWith(['priorities', { 'tier-1': { critical: 'P0' }, gold: {} }], ['severityWeights', { critical: 2 }]);
    expect(problems).toEqual([
      expect.stringMatching(/^priorities\.tier-1\.critical: must be one of: P1, P2, P3, P4, P5$/),
      expect.stringMatching(/^priorities\.gold: unknown field$/),
      expect.stringMatching(/^severityWeights\.critical: must be between 0 and 1$/),
    ]);
  });

  it('reports business hours that end before they start, next to other problems there', () => {
    const problems = problemsWith(['businessHours', { start: '18:00', end: '09:00', days: ['monday', 'funday'] }]);
    expect(problems).toEqual([
      expect.stringMatching(/^businessHours\.days\[1\]: must be one of: sunday, monday/),
      expect.stringMatching(/^businessHours\.end: must be after start \(18:00\)/),
    ]);
  });

  it('reports ids that are not lower-case slugs, without a second unknown-team line', () => {
    const problems = problemsWith(
      ['teams.Payments', validCatalog().teams.payments],
      ['teams.payments', removed],
      ['services.checkout-api.team', 'Payments'],
    );
    expect(problems).toEqual([
      expect.stringMatching(/^services\.checkout-api\.team: must be a lower-case id/),
      expect.stringMatching(/^teams\.Payments: invalid key: must be a lower-case id/),
    ]);
  });

  it('reports every problem of a file at once', () => {
    const problems = problemsWith(
      ['services.checkout-api.team', 'payment'],
      ['services.checkout-api.component', 'chekout'],
      ['teams.payments.timeZone', 'Nowhere/City'],
      ['teams.payments.rotation.members', []],
      ['routing', [{ team: 'nobody' }]],
    );
    expect(problems).toHaveLength(5);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(catalogProblems('services:\n  checkout-api: { tier: tier-1\nteams: {}\n')).toEqual([
      expect.stringMatching(/^line 3: YAML syntax: /),
    ]);
  });

  it('reports a key written twice', () => {
    expect(catalogProblems('services: {}\nteams: {}\nservices: {}\n')).toEqual([expect.stringMatching(/^line 3: YAML syntax: Map keys must be unique/)]);
  });

  it('places problems on the line of the offending key or list item', () => {
    const text = [
      'services:', //                                     1
      '  checkout-api:', //                               2
      '    tier: tier-1', //                              3
      '    team: payments', //                            4
      '    costPerMinute: 100', //                        5
      '    owner: alice', //                              6
      'teams:', //                                        7
      '  payments:', //                                   8
      '    name: Payments', //                            9
      '    timeZone: UTC', //                            10
      '    rotation:', //                                11
      '      handOff: daily', //                         12
      '      start: 2026-01-01', //                      13
      '      members: [alice]', //                       14
      '    overrides:', //                               15
      '      - person: bob', //                          16
      '        from: 2026-01-02T00:00:00Z', //           17
      '        to: 2026-01-01T00:00:00Z', //             18
      'routing:', //                                     19
      '  - match: { services: [checkout-api] }', //      20
      '    team: payments', //                           21
      '  - match:', //                                   22
      '      services:', //                              23
      '        - checkout-api', //                       24
      '        - search-api', //                         25
      '    team: payments', //                           26
    ].join('\n');
    expect(catalogProblems(text)).toEqual([
      'services.checkout-api.owner (line 6): unknown field',
      'teams.payments.overrides[0].to (line 18): must be after "from" (2026-01-02T00:00:00Z)',
      'routing[1].match.services[1] (line 25): unknown service "search-api" (known services: checkout-api)',
    ]);
  });

  it('places a missing field on the entry that should have it', () => {
    expect(catalogProblems('services:\n  checkout-api:\n    tier: tier-1\n    team: payments\nteams: {}\n')).toEqual([
      'services.checkout-api.costPerMinute (line 2): required (a number)',
      'services.checkout-api.team (line 4): unknown team "payments" (there are no teams)',
    ]);
  });

  it('reports an empty file and a file that is not a map', () => {
    expect(catalogProblems('')).toEqual(['the catalog is empty']);
    expect(catalogProblems('- services\n')).toEqual(['line 1: expected a map, got a list']);
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
