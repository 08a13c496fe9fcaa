import { type Integration, type WebhookRequest, senders } from './webhook-sender';

export interface AlertStormShape {
  /** Webhooks in the firing part of the storm, one alert each. */
  webhooks: number;
  /** Alertmanager groups: each becomes one incident. */
  groups: number;
  /** Distinct alerts (fingerprints) per group; the rest of a group's webhooks repeat them. */
  alertsPerGroup: number;
}

export interface AlertStorm {
  shape: AlertStormShape;
  /** The firing webhooks, in sending order (groups interleaved, as a storm arrives). */
  firing: (() => WebhookRequest)[];
  /** Then every alert of the even groups recovers: one resolved delivery per such group. */
  recovery: (() => WebhookRequest)[];
  /** Groups whose incidents end resolved. */
  recoveredGroups: number;
}

/**
 * An alert storm as one Alertmanager (bearer secret) sends it: many
 * webhooks of one alert each, over a few groups, every webhook distinct (its
 * own `sequence` annotation, so the ingress's body-hash dedupe does not
 * answer it as a duplicate), then half of the groups recover. Every
 * acknowledged firing webhook must count once on its group's incident.
 */
export function alertStorm(integration: Integration, options: { run: string; service: string; shape: AlertStormShape }): AlertStorm {
  const { run, service, shape } = options;
  const groupKey = (group: number) => `{}:{alertname="Storm", group="${run}-${group}"}`;
  const alert = (group: number, fingerprint: number, status: 'firing' | 'resolved', sequence: number) => ({
    status,
    labels: { alertname: 'Storm', service, severity: group % 3 === 0 ? 'critical' : 'error', group: `${run}-${group}`, instance: `node-${fingerprint}` },
    annotations: { summary: `group ${group} is failing on node-${fingerprint}`, sequence: String(sequence) },
    startsAt: new Date().toISOString(),
    endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
    fingerprint: `${run}-${group}-${fingerprint}`,
  });
  const delivery = (group: number, status: 'firing' | 'resolved', alerts: unknown[]) => ({
    version: '4',
    status,
    receiver: 'hookline',
    groupKey: groupKey(group),
    groupLabels: { alertname: 'Storm', group: `${run}-${group}` },
    externalURL: 'http://alertmanager-0:9093',
    truncatedAlerts: 0,
    alerts,
  });
  const firing = Array.from({ length: shape.webhooks }, (_, sequence) => {
    const group = sequence % shape.groups;
    const fingerprint = Math.floor(sequence / shape.groups) % shape.alertsPerGroup;
    const payload = delivery(group, 'firing', [alert(group, fingerprint, 'firing', sequence)]);
    // Built once: a retry sends the same bytes, as Alertmanager does.
    const request = senders.bearer(integration, payload);
    return () => request;
  });
  const recoveredGroups = Array.from({ length: shape.groups }, (_, group) => group).filter((group) => group % 2 === 0);
  const recovery = recoveredGroups.map((group) => {
    const alerts = Array.from({ length: shape.alertsPerGroup }, (_, fingerprint) => alert(group, fingerprint, 'resolved', shape.webhooks + group));
    const request = senders.bearer(integration, delivery(group, 'resolved', alerts));
    return () => request;
  });
  return { shape, firing, recovery, recoveredGroups: recoveredGroups.length };
}
