import { type AlertEvent, createEvent, topics } from '@hookline/contracts/events';
import { applyServiceBinding } from './foreign-alerts';

const alertFor = (service: string | undefined): AlertEvent =>
  createEvent(topics.alert, {
    type: 'alert.fired',
    source: 'hookline/ingress',
    data: {
      integrationId: 'int_spec',
      sourceKind: 'alertmanager',
      deliveryId: 'del_spec',
      fingerprint: `fp-${service ?? 'none'}`,
      correlationKey: `${service ?? 'none'}/Down`,
      severity: 'critical',
      alertName: 'Down',
      summary: 'down',
      ...(service === undefined ? {} : { service }),
      labels: {},
      annotations: {},
      startsAt: '2026-12-02T10:00:00.000Z',
    },
  });

const services = (alerts: AlertEvent[]) => alerts.map((alert) => [alert.data.service, alert.data.foreignService]);

describe('applyServiceBinding', () => {
  const delivery = [alertFor('checkout-api'), alertFor('payments-worker'), alertFor(undefined)];

  it('publishes every alert of an unbound integration', () => {
    expect(applyServiceBinding(delivery, undefined)).toEqual({ publish: delivery, foreignCount: 0, foreignServices: [] });
  });

  it('keeps alerts for other services out under refuse, and an alert that names no service in', () => {
    const bound = applyServiceBinding(delivery, { services: new Set(['checkout-api']), foreignAlerts: 'refuse' });

    expect(services(bound.publish)).toEqual([
      ['checkout-api', undefined],
      [undefined, undefined],
    ]);
    expect([bound.foreignCount, bound.foreignServices]).toEqual([1, ['payments-worker']]);
  });

  it('publishes alerts for other services marked foreignService under flag', () => {
    const bound = applyServiceBinding(delivery, { services: new Set(['checkout-api']), foreignAlerts: 'flag' });

    expect(services(bound.publish)).toEqual([
      ['checkout-api', undefined],
      ['payments-worker', true],
      [undefined, undefined],
    ]);
  });

  it('names each foreign service once', () => {
    const bound = applyServiceBinding([alertFor('search-api'), alertFor('search-api')], { services: new Set(['checkout-api']), foreignAlerts: 'refuse' });

    expect([bound.publish, bound.foreignCount, bound.foreignServices]).toEqual([[], 2, ['search-api']]);
  });
});
