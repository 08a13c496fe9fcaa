import { LOGGER } from '@hookline/platform/service';
import { eventually, senderFixture } from '@hookline/testing';
import pino, { type Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PagerDutyRoutingKeys1795400900000 } from '../db/migrations/1795400900000-pagerduty-routing-keys';
import { startWatchedIngress, type WatchedIngress } from '../testing/ingress-harness';
import { IntegrationRegistry } from './integration-registry';
import { IntegrationsService } from './integrations.service';

const trigger = (routingKey: string | undefined) =>
  JSON.stringify({ ...(senderFixture('pagerduty-events-v2')['trigger'] as Record<string, unknown>), routing_key: routingKey, dedup_key: `disk-${randomUUID()}` });
const graceMs = 24 * 3_600_000; // INGRESS_SECRET_GRACE_HOURS' default

describe('the PagerDuty routing key is a secret, not the integration id', () => {
  let ingress: WatchedIngress;
  const logLines: string[] = [];

  beforeAll(async () => {
    ingress = await startWatchedIngress({ LOG_LEVEL: 'trace' });
    // Every line the ingress logs from now on, kept here instead of on stdout.
    const logger = ingress.app.get<Logger>(LOGGER);
    const stream = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
    if (!stream) throw new Error('the logger has no stream to listen to');
    stream.write = (line: string) => logLines.push(line) > 0;
    logger.info('spec: the log is listened to');
    expect(logLines).toEqual([expect.stringContaining('spec: the log is listened to')]);
  });
  afterAll(() => ingress.close());

  const createPagerDuty = async () => {
    const created = await ingress.createIntegration({ source: 'pagerduty', auth: { scheme: 'routing-key' } });
    return { id: created.id, routingKey: created.secret ?? '' };
  };
  const enqueue = (routingKey: string | undefined) => ingress.post('/v2/enqueue', trigger(routingKey));

  it('gives a new integration a 32-character routing key of its own, which /v2/enqueue accepts', async () => {
    const { id, routingKey } = await createPagerDuty();

    expect(routingKey).toMatch(/^[0-9a-f]{32}$/);
    expect(routingKey).not.toContain(id);
    expect((await enqueue(routingKey)).status).toBe(202);
  });

  it("no longer takes the integration's id as its routing key, nor its id in the webhook URL", async () => {
    const { id } = await createPagerDuty();

    const byId = await enqueue(id);
    const byUrl = await ingress.post(`/webhooks/${id}`, trigger(id));

    expect(byId.status).toBe(400);
    expect(await byId.json()).toMatchObject({ status: 'invalid event', errors: ['routing_key is not a Hookline PagerDuty integration'] });
    expect(byUrl.status).toBe(404);
  });

  it('keeps the previous key working through the grace period of a rotation, and not after it', async () => {
    const during = await createPagerDuty();
    const after = await createPagerDuty();
    const service = ingress.app.get(IntegrationsService);

    const rotated = await ingress.admin('POST', `/api/integrations/${during.id}/rotate-secret`);
    // A rotation whose grace period has just run out.
    const { secret: afterKey } = await service.rotateSecret(after.id, {}, new Date(Date.now() - graceMs - 1_000));

    const newKey = String(rotated.body['secret']);
    expect(newKey).toMatch(/^[0-9a-f]{32}$/);
    expect([(await enqueue(during.routingKey)).status, (await enqueue(newKey)).status]).toEqual([202, 202]);
    expect([(await enqueue(after.routingKey)).status, (await enqueue(afterKey)).status]).toEqual([400, 202]);
  });

  it('refuses an entered routing key that another integration already uses with 409', async () => {
    const { routingKey } = await createPagerDuty();

    const again = await ingress.admin('POST', '/api/integrations', { name: 'copy', source: 'pagerduty', auth: { scheme: 'routing-key' }, secret: routingKey });

    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).not.toContain(routingKey);
  });

  it('shows the key in no published alert, delivery log entry, admin answer or log line, only in the creation and rotation answers', async () => {
    const { id, routingKey } = await createPagerDuty();
    const rotated = await ingress.admin('POST', `/api/integrations/${id}/rotate-secret`);
    const newKey = String(rotated.body['secret']);

    expect((await enqueue(routingKey)).status).toBe(202);
    expect((await enqueue(newKey)).status).toBe(202);
    // A refused event (a payload of the wrong shape) is logged with what was wrong.
    expect((await ingress.post('/v2/enqueue', JSON.stringify({ routing_key: newKey, event_action: 'trigger', payload: 'disk full' }))).status).toBe(400);
    await eventually(async () => expect(await ingress.deliveries(id)).toHaveLength(3));
    await eventually(() => expect(ingress.alerts.filter((alert) => alert.data.integrationId === id)).toHaveLength(2));

    const everythingShown = JSON.stringify([
      ingress.alerts.filter((alert) => alert.data.integrationId === id),
      await ingress.deliveries(id),
      await ingress.admin('GET', `/api/integrations/${id}`),
      await ingress.admin('GET', '/api/integrations'),
      await ingress.admin('POST', `/api/integrations/${id}/test`),
      logLines,
    ]);
    for (const key of [routingKey, newKey]) expect(everythingShown).not.toContain(key);
    expect(JSON.stringify(rotated.body)).not.toContain(routingKey);
  });

  it('keeps the id of a PagerDuty integration made before routing keys were secrets as its key, until it is rotated', async () => {
    const legacyId = `int_${randomUUID().replaceAll('-', '').slice(0, 22)}`;
    const dataSource = ingress.app.get(DataSource);
    // As such an integration was stored: no secret, the id was the routing key.
    await dataSource.query(
      `INSERT INTO ingress.integrations (id, name, source, auth, secrets, allowed_ips, enabled) VALUES ($1, 'legacy', 'pagerduty', '{"scheme":"routing-key"}', '[]', '{}', true)`,
      [legacyId],
    );
    const runner = dataSource.createQueryRunner();
    await new PagerDutyRoutingKeys1795400900000().up(runner).finally(() => runner.release());
    await ingress.app.get(IntegrationRegistry).refresh();

    expect((await enqueue(legacyId)).status).toBe(202);
    const rotated = await ingress.admin('POST', `/api/integrations/${legacyId}/rotate-secret`);
    expect([(await enqueue(legacyId)).status, (await enqueue(String(rotated.body['secret']))).status]).toEqual([202, 202]);
  });
});
