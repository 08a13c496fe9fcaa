import { eventually, senderFixture } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startWatchedIngress, type WatchedIngress } from '../testing/ingress-harness';

// "Who owns this, and does it still work?": owner and description as set,
// last accepted and refused deliveries and the last test as they happened,
// and the health they add up to (config/catalog.yaml names team payments).

const alertmanagerBody = () => JSON.stringify({ ...senderFixture('alertmanager-two-alerts-firing'), groupKey: `{}:{run="${randomUUID()}"}` });

describe("an integration's owner and health", () => {
  let ingress: WatchedIngress;

  beforeAll(async () => {
    ingress = await startWatchedIngress();
  });
  afterAll(() => ingress.close());

  const view = async (id: string) => (await ingress.admin('GET', `/api/integrations/${id}`)).body;

  it('keeps the owner, the description and the expected heartbeat, in get and list', async () => {
    const { id } = await ingress.createIntegration({
      source: 'alertmanager',
      auth: { scheme: 'bearer' },
      owner: 'payments',
      description: 'PaymentsLatencyHigh and the other rules of payments.rules.yml',
      expectEvery: 'PT5M',
    });

    const expected = {
      owner: 'payments',
      description: 'PaymentsLatencyHigh and the other rules of payments.rules.yml',
      expectEverySeconds: 300,
      lastAcceptedAt: null,
      lastRefusedAt: null,
      lastTestAt: null,
      health: 'ok',
      secrets: [expect.objectContaining({ state: 'current', ageSeconds: expect.any(Number) })],
    };
    expect(await view(id)).toMatchObject(expected);
    const list = (await ingress.admin('GET', '/api/integrations')).body['integrations'] as { id: string }[];
    expect(list.find((integration) => integration.id === id)).toMatchObject(expected);
  });

  it('refuses an owner the catalog does not name, and a heartbeat it cannot read, with 400', async () => {
    const unknownOwner = await ingress.admin('POST', '/api/integrations', { name: 'x', source: 'alertmanager', auth: { scheme: 'bearer' }, owner: 'paymnets' });
    const { id } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const badHeartbeat = await ingress.admin('PATCH', `/api/integrations/${id}`, { expectEvery: 'hourly' });

    expect(unknownOwner).toMatchObject({ status: 400, body: { detail: expect.stringContaining('owner: not a team in the service catalog: paymnets') } });
    expect(badHeartbeat.status).toBe(400);
    expect(JSON.stringify(badHeartbeat.body)).toContain('is not whole seconds or an ISO-8601 duration');
  });

  it('shows the last accepted and refused deliveries, failing after refusals in a row, and ok again once one is accepted', async () => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const send = (token: string) => ingress.post(`/webhooks/${id}`, alertmanagerBody(), { authorization: `Bearer ${token}` });

    expect((await send(secret ?? '')).status).toBe(202);
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await send('rotated-away')).status).toBe(401);

    await eventually(async () =>
      expect(await view(id)).toMatchObject({
        lastAcceptedAt: expect.any(String),
        lastRefusedAt: expect.any(String),
        lastRefusal: { httpStatus: 401, outcome: 'unauthorized', reason: expect.any(String) },
        health: 'failing',
        healthReason: 'the last 3 deliveries were refused, the latest with 401 (unauthorized)',
      }),
    );
    expect((await send(secret ?? '')).status).toBe(202);
    await eventually(async () => expect(await view(id)).toMatchObject({ health: 'ok', lastRefusal: { httpStatus: 401 } }));
  });

  it('is silent once nothing was accepted for longer than its expected heartbeat', async () => {
    const { id, secret } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' }, expectEvery: 60 });
    expect((await ingress.post(`/webhooks/${id}`, alertmanagerBody(), { authorization: `Bearer ${secret ?? ''}` })).status).toBe(202);
    await eventually(async () => expect((await view(id))['lastAcceptedAt']).not.toBeNull());

    // Two minutes pass, as far as the summary knows.
    await ingress.app.get(DataSource).query(`UPDATE ingress.integration_activity SET last_accepted_at = now() - interval '2 minutes' WHERE integration_id = $1`, [id]);

    expect(await view(id)).toMatchObject({ health: 'silent', healthReason: expect.stringContaining('expected every 60 s') });
  });

  it('records the last test action and its outcome', async () => {
    const { id } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });

    const tested = await ingress.admin('POST', `/api/integrations/${id}/test`);

    expect(tested.status).toBe(202);
    expect(await view(id)).toMatchObject({ lastTestAt: expect.any(String), lastTestOutcome: 'sent', lastTestDetail: `test alert ${String(tested.body['alertEventId'])} published` });
  });

  it('documents the new fields and the unknown-integrations endpoint in the OpenAPI document', async () => {
    const document = (await (await fetch(`${ingress.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown; requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
    };
    const createBody = document.paths['/api/integrations']?.['post']?.requestBody?.content['application/json']?.schema;
    const updateBody = document.paths['/api/integrations/{id}']?.['patch']?.requestBody?.content['application/json']?.schema;

    expect(Object.keys(createBody?.properties ?? {})).toEqual(expect.arrayContaining(['owner', 'description', 'expectEvery']));
    expect(Object.keys(updateBody?.properties ?? {})).toEqual(expect.arrayContaining(['owner', 'description', 'expectEvery']));
    expect(document.paths['/api/unknown-integrations']?.['get']).toMatchObject({ security: [{ adminToken: [] }] });
  });
});
