/** One alert of an Alertmanager group as the next notification reports it. */
export interface AlertState {
  fingerprint: string;
  labels: Record<string, string>;
  summary: string;
  status: 'firing' | 'resolved';
  /** Start of the current firing period: a re-fired alert has a new one, as in Alertmanager. */
  startsAt: string;
  /** When it resolved; absent while it fires. */
  endsAt?: string;
}

export interface AlertGroup {
  /** Alertmanager's group key: the incident's correlation key once the ingress prefixes the integration. */
  groupKey: string;
  groupLabels: Record<string, string>;
}

// Alertmanager's "zero time" for an alert that has not ended.
const notEnded = '0001-01-01T00:00:00Z';

/**
 * An Alertmanager webhook (v4) for a group: every alert with its current
 * status, as a notification carries them. Nothing in it depends on when it is
 * sent, so a repeat notification of an unchanged group is byte-for-byte the
 * same delivery, which is what the ingress's duplicate detection sees from
 * an Alertmanager HA pair.
 */
export function alertmanagerWebhook(group: AlertGroup, alerts: readonly AlertState[]): Buffer {
  const firing = alerts.some((alert) => alert.status === 'firing');
  return Buffer.from(
    JSON.stringify({
      version: '4',
      groupKey: group.groupKey,
      truncatedAlerts: 0,
      status: firing ? 'firing' : 'resolved',
      receiver: 'hookline',
      groupLabels: group.groupLabels,
      commonLabels: group.groupLabels,
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: alerts.map((alert) => ({
        status: alert.status,
        labels: alert.labels,
        annotations: { summary: alert.summary },
        startsAt: alert.startsAt,
        endsAt: alert.endsAt ?? notEnded,
        generatorURL: 'http://prometheus:9090/graph?g0.expr=up%3D%3D0',
        fingerprint: alert.fingerprint,
      })),
    }),
  );
}
