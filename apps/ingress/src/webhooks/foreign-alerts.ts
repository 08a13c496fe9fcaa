import type { AlertEvent } from '@hookline/contracts/events';
import type { ActiveIntegration } from '../integrations/integration-registry';

/** A delivery's alerts sorted by the integration's service binding. */
export interface BoundAlerts {
  /** What is published: the integration's own alerts, and under `flag` the foreign ones, marked `foreignService`. */
  publish: AlertEvent[];
  /** How many alerts named a service outside the binding. */
  foreignCount: number;
  /** Those services, once each, in the order they came. */
  foreignServices: string[];
}

/**
 * An alert is foreign when it names a service the integration is not bound
 * to. An alert that names none (and got no default service) speaks for no
 * service, so it is not foreign. Unbound integrations speak for any service.
 */
export function applyServiceBinding(alerts: readonly AlertEvent[], binding: ActiveIntegration['binding']): BoundAlerts {
  if (!binding) return { publish: [...alerts], foreignCount: 0, foreignServices: [] };
  const foreign = alerts.filter((alert) => alert.data.service !== undefined && !binding.services.has(alert.data.service));
  const foreignServices = [...new Set(foreign.map((alert) => alert.data.service ?? ''))];
  if (foreign.length === 0) return { publish: [...alerts], foreignCount: 0, foreignServices };
  const publish =
    binding.foreignAlerts === 'flag'
      ? alerts.map((alert) => (foreign.includes(alert) ? ({ ...alert, data: { ...alert.data, foreignService: true } } as AlertEvent) : alert))
      : alerts.filter((alert) => !foreign.includes(alert));
  return { publish, foreignCount: foreign.length, foreignServices };
}
