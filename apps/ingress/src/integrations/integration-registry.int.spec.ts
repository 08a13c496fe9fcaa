import { eventually, testInfrastructure } from '@hookline/testing';
import { Client } from 'pg';
import { type RunningIngress, startIngress } from '../testing/ingress-harness';
import { IntegrationRegistry, registryPollIntervalMs } from './integration-registry';

// A change committed by another replica (here: a connection of the spec's own) must reach this
// replica's registry within a bounded time, whatever order the transactions commit in.
const bound = { timeoutMs: 2 * registryPollIntervalMs + 1_000, intervalMs: 50 };

describe('the integration registry against the real Postgres', () => {
  let ingress: RunningIngress;
  let registry: IntegrationRegistry;
  const connections: Client[] = [];

  const connect = async (): Promise<Client> => {
    const client = new Client({ connectionString: testInfrastructure().databaseUrl });
    await client.connect();
    connections.push(client);
    return client;
  };
  // As the admin API writes it: TypeORM sets updated_at to the transaction's start time.
  const disable = (client: Client, id: string) => client.query('UPDATE ingress.integrations SET enabled = false, updated_at = now() WHERE id = $1', [id]);

  beforeAll(async () => {
    ingress = await startIngress();
    registry = ingress.app.get(IntegrationRegistry);
  });
  afterAll(async () => {
    await Promise.all(connections.map((client) => client.end()));
    await ingress.close();
  });

  it('sees a change that committed after a later-started one it had already seen', async () => {
    const first = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const second = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const [a, b] = [await connect(), await connect()];

    await a.query('BEGIN');
    await disable(a, first.id);
    await b.query('BEGIN');
    await disable(b, second.id);
    await b.query('COMMIT');
    // The registry has polled since B committed: it saw B's change, while A's was still uncommitted.
    await eventually(() => expect(registry.lookup(second.id)).toBeUndefined(), bound);
    expect(registry.lookup(first.id)).toBeDefined();

    await a.query('COMMIT');

    await eventually(() => expect(registry.lookup(first.id)).toBeUndefined(), bound);
    expect((await ingress.post(`/webhooks/${first.id}`, '{}', { authorization: `Bearer ${first.secret ?? ''}` })).status).toBe(404);
  });

  it('applies a change made by hand in psql within the bound', async () => {
    const { id } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const psql = await connect();

    await psql.query('UPDATE ingress.integrations SET rate_limit_per_minute = 7 WHERE id = $1', [id]);

    await eventually(() => expect(registry.lookup(id)?.rateLimitPerMinute).toBe(7), bound);
  });
});
