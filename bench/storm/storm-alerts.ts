import { type AlertEvent, createEvent, eventIdFor, topics } from '@hookline/contracts/events';

export interface StormShape {
  alerts: number;
  fingerprints: number;
  keys: number;
}

/**
 * An alert storm as Alertmanager produces one: `fingerprints` distinct
 * alerts, spread evenly over `keys` correlation keys (groups), each firing
 * again and again (repeat notifications, HA pairs) until `alerts` events were
 * sent. One in ten alerts is critical, so incidents also change severity.
 */
export function stormAlerts(run: string, shape: StormShape): AlertEvent[] {
  const started = Date.now();
  const events: AlertEvent[] = [];
  for (let n = 0; n < shape.alerts; n += 1) {
    const fingerprint = n % shape.fingerprints;
    const key = fingerprint % shape.keys;
    const data = {
      integrationId: 'int_storm',
      sourceKind: 'alertmanager' as const,
      deliveryId: `${run}-delivery-${n}`,
      fingerprint: `${run}-fp-${fingerprint}`,
      correlationKey: `${run}:group-${key}`,
      severity: fingerprint % 10 === 0 ? ('critical' as const) : ('error' as const),
      alertName: `StormAlert${key}`,
      summary: `service ${key} is failing (instance ${fingerprint})`,
      service: `service-${key % 50}`,
      labels: { alertname: `StormAlert${key}`, instance: `10.0.${key}.${fingerprint % 256}:9100` },
      annotations: {},
      startsAt: new Date(started).toISOString(),
    };
    events.push(
      createEvent(topics.alert, { type: 'alert.fired', source: 'hookline/bench', data }, { id: eventIdFor(`${run}/${n}`), time: new Date(started + n) }),
    );
  }
  return events;
}
