import { eventually, senderFixture } from '@hookline/testing';
import { randomUUID } from 'node:crypto';
import { startWatchedIngress, type WatchedIngress } from '../testing/ingress-harness';

// An integration bound to catalog services (config/catalog.yaml: checkout-api,
// payments-worker, search-api, …) speaks for those only.

interface AlertmanagerAlert {
  labels: Record<string, string>;
}

/** An Alertmanager delivery of one alert per service named. */
const deliveryFor = (...services: string[]) => {
  const fixture = senderFixture('alertmanager-two-alerts-firing') as { alerts: AlertmanagerAlert[] };
  const [template] = fixture.alerts;
  return JSON.stringify({
    ...fixture,
    groupKey: `{}:{run="${randomUUID()}"}`,
    alerts: services.map((service, index) => ({ ...template, fingerprint: `${service}-${index}`, labels: { ...template?.labels, service, instance: `host-${index}` } })),
  });
};

describe('an integration can only speak for its services', () => {
  let ingress: WatchedIngress;

  beforeAll(async () => {
    ingress = await startWatchedIngress();
  });
  afterAll(() => ingress.close());

  const bound = (foreignAlerts?: 'refuse' | 'flag') =>
    ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' }, serviceBinding: { services: ['checkout-api'], ...(foreignAlerts ? { foreignAlerts } : {}) } });
  const send = async (integration: { id: string; secret?: string }, body: string) => {
    const response = await ingress.post(`/webhooks/${integration.id}`, body, { authorization: `Bearer ${integration.secret ?? ''}` });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const alertsOf = (id: string) => ingress.alerts.filter((alert) => alert.data.integrationId === id);

  it('refuses, by default, a delivery whose every alert is for another service with 403, publishing nothing', async () => {
    const integration = await bound();

    const answer = await send(integration, deliveryFor('payments-worker', 'search-api'));

    expect(answer.status).toBe(403);
    expect(answer.body['detail']).toBe('2 alerts refused: for payments-worker, search-api, outside the services this integration is bound to (checkout-api)');
    await eventually(async () => expect((await ingress.deliveries(integration.id))[0]).toMatchObject({ httpStatus: 403, outcome: 'unauthorized', alerts: 0, errorDetail: answer.body['detail'] }));
    expect(alertsOf(integration.id)).toEqual([]);
  });

  it("accepts a delivery's own alerts and refuses the others, saying so to the sender and in the delivery log", async () => {
    const integration = await bound('refuse');

    const answer = await send(integration, deliveryFor('checkout-api', 'payments-worker'));

    expect(answer).toEqual({ status: 202, body: expect.objectContaining({ alerts: 1, refused: 1, foreignServices: ['payments-worker'] }) });
    await eventually(() => expect(alertsOf(integration.id).map((alert) => alert.data.service)).toEqual(['checkout-api']));
    await eventually(async () =>
      expect((await ingress.deliveries(integration.id))[0]?.errorDetail).toBe(
        'accepted with warnings: 1 alert refused: for payments-worker, outside the services this integration is bound to (checkout-api)',
      ),
    );
  });

  it('publishes alerts for other services marked foreignService when the integration flags them', async () => {
    const integration = await bound('flag');

    const answer = await send(integration, deliveryFor('checkout-api', 'payments-worker'));

    expect(answer).toEqual({ status: 202, body: expect.objectContaining({ alerts: 2, flagged: 1, foreignServices: ['payments-worker'] }) });
    await eventually(() =>
      expect(alertsOf(integration.id).map((alert) => [alert.data.service, alert.data.foreignService]).sort()).toEqual([
        ['checkout-api', undefined],
        ['payments-worker', true],
      ]),
    );
  });

  it('refuses, with 400 naming them, services the catalog does not know, on create and on update', async () => {
    const created = await ingress.admin('POST', '/api/integrations', {
      name: 'typo',
      source: 'alertmanager',
      auth: { scheme: 'bearer' },
      serviceBinding: { services: ['checkout-api', 'chekout-api', 'billing'] },
    });
    const { id } = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    const updated = await ingress.admin('PATCH', `/api/integrations/${id}`, { serviceBinding: { services: ['nope'] } });

    expect([created.status, created.body['detail']]).toEqual([400, 'request body is invalid: serviceBinding.services: not in the service catalog: chekout-api, billing']);
    expect([updated.status, updated.body['detail']]).toEqual([400, 'request body is invalid: serviceBinding.services: not in the service catalog: nope']);
  });

  it('refuses a default service outside the binding with 400', async () => {
    const answer = await ingress.admin('POST', '/api/integrations', {
      name: 'mismatch',
      source: 'alertmanager',
      auth: { scheme: 'bearer' },
      service: 'search-api',
      serviceBinding: { services: ['checkout-api'] },
    });

    expect(answer.status).toBe(400);
    expect(answer.body['detail']).toContain('service: search-api is not among serviceBinding.services');
  });

  it('applies a binding set later, and shows it in the integration view', async () => {
    const integration = await ingress.createIntegration({ source: 'alertmanager', auth: { scheme: 'bearer' } });
    expect((await send(integration, deliveryFor('search-api'))).status).toBe(202);

    const patched = await ingress.admin('PATCH', `/api/integrations/${integration.id}`, { serviceBinding: { services: ['checkout-api', 'payments-worker'] } });

    expect(patched.body['serviceBinding']).toEqual({ services: ['checkout-api', 'payments-worker'], foreignAlerts: 'refuse' });
    expect((await send(integration, deliveryFor('search-api'))).status).toBe(403);
  });
});
