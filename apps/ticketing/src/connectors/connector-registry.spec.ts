import { Catalog, parseCatalog } from '@hookline/catalog';
import { specCatalog, specSecrets } from '../testing/ticketing-fixtures';
import { ConnectorConfigError, ConnectorRegistry } from './connector-registry';
import { renderPath, renderTemplate, valueAt } from './template';

function catalogWithConnector(connector: string): Catalog {
  return new Catalog(
    parseCatalog(`
services:
  api: { tier: tier-1, team: ops, costPerMinute: 1 }
teams:
  ops:
    name: Ops
    timeZone: UTC
    rotation: { handOff: daily, start: 2026-01-01, members: [ana] }
    connector: ${connector}
`),
  );
}

function problemsOf(connector: string, secrets: ReadonlyMap<string, string> = specSecrets): readonly string[] {
  try {
    new ConnectorRegistry(catalogWithConnector(connector), { secrets, sync: { timeoutMs: 1_000 } });
  } catch (error) {
    if (error instanceof ConnectorConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('ticket connectors from the catalog', () => {
  it('builds one connector per team that configures one', () => {
    const registry = new ConnectorRegistry(specCatalog('http://tickets.test'), { secrets: specSecrets, sync: { timeoutMs: 1_000 } });

    expect(registry.describe()).toEqual([
      { connector: 'payments', kind: 'http', system: 'desk', baseUrl: 'http://tickets.test/desk' },
      { connector: 'platform', kind: 'jira', system: 'jira', baseUrl: 'http://tickets.test/jira' },
    ]);
    expect(registry.has('discovery')).toBe(false);
  });

  it('names a secret that is not set, by its catalog path and variable', () => {
    expect(problemsOf('{ kind: jira, baseUrl: "https://jira.test", auth: { secret: TICKETING_SECRET_NOPE } }')).toEqual([
      'teams.ops.connector.auth.secret: the environment variable TICKETING_SECRET_NOPE is not set',
    ]);
  });

  it('refuses a secret that is not a TICKETING_SECRET_ variable, so the catalog cannot read any variable it likes', () => {
    expect(problemsOf('{ kind: jira, baseUrl: "https://jira.test", auth: { secret: DATABASE_URL } }')[0]).toMatch(
      /^teams\.ops\.connector\.auth\.secret: must name an environment variable starting with TICKETING_SECRET_/,
    );
  });

  it('refuses a template placeholder that does not exist, or one the request cannot know', () => {
    const problems = problemsOf(`
      kind: http
      baseUrl: "https://desk.test"
      create: { path: "/tickets/{{external.id}}", body: { title: "{{ticket.titel}}" } }`);

    expect(problems.map((problem) => problem.split(';')[0])).toEqual([
      'teams.ops.connector.create: unknown placeholder {{external.id}}',
      'teams.ops.connector.create: unknown placeholder {{ticket.titel}}',
    ]);
  });

  it('refuses an unknown kind and unknown fields', () => {
    expect(problemsOf('{ kind: servicenow, baseUrl: "https://sn.test" }')[0]).toMatch(/^teams\.ops\.connector\.kind: /);
    expect(problemsOf('{ kind: jira, baseUrl: "https://jira.test", auth: { secret: TICKETING_SECRET_JIRA }, projekt: OPS }')[0]).toMatch(
      /^teams\.ops\.connector: Unrecognized key: "projekt"/,
    );
  });
});

describe('request templates', () => {
  const values = new Map([
    ['ticket.title', 'Checkout "down"'],
    ['ticket.assignee', undefined],
    ['external.id', 'a/b c'],
  ]);

  it('keeps a lone placeholder as a value (null when missing) and splices text into others', () => {
    expect(renderTemplate({ title: '[P1] {{ticket.title}}', assignee: '{{ticket.assignee}}', tags: ['{{ticket.title}}'], n: 3 }, values)).toEqual({
      title: '[P1] Checkout "down"',
      assignee: null,
      tags: ['Checkout "down"'],
      n: 3,
    });
  });

  it('percent-encodes values in a path so they cannot change the route', () => {
    expect(renderPath('/tickets/{{external.id}}/close', values)).toBe('/tickets/a%2Fb%20c/close');
  });

  it('reads the external id at a dotted path of the reply, and only own scalar fields', () => {
    expect(valueAt({ data: { items: [{ id: 42 }] } }, 'data.items.0.id')).toBe('42');
    expect(valueAt({ data: {} }, 'data.constructor')).toBeUndefined();
    expect(valueAt({ data: { id: { nested: true } } }, 'data.id')).toBeUndefined();
  });
});
