import { z } from 'zod';
import type { AlertDraft } from './alert-draft';
import { alertmanagerFingerprint } from './alertmanager-fingerprint';
import { inputLimits, inputStringMap, inputText, inputTimestamp } from './input-schemas';
import type { NormaliseContext, SourceParse } from './normalise-context';
import { formatProblems } from './problems';
import { prometheusAlertFields } from './prometheus-alert';
import { toUtcTimestamp } from './timestamps';
import { toWebUrl } from './web-url';

/**
 * Alertmanager's webhook, version "4" (<webhook_config>). Only what Hookline
 * reads is declared; every other key (`receiver`, `commonLabels`,
 * `notification_reason` since 0.32, `routeLabels` since 0.34, whatever comes
 * next) is tolerated and ignored, so an Alertmanager upgrade never breaks intake.
 */
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: inputStringMap(),
  annotations: inputStringMap().optional(),
  startsAt: inputTimestamp,
  endsAt: inputTimestamp.optional().meta({ description: 'The zero time 0001-01-01T00:00:00Z while the alert fires.' }),
  generatorURL: inputText.optional(),
  fingerprint: z
    .string()
    .max(255)
    .optional()
    .meta({ description: "Alertmanager's label-set fingerprint; computed the same way when a sender emulating Alertmanager leaves it out." }),
});

export const alertmanagerPayloadSchema = z.looseObject({
  version: z.literal('4'),
  groupKey: z
    .string()
    .min(1)
    .max(inputLimits.textLength)
    .meta({ description: 'Identifies the alert group: by default, one group is one incident.' }),
  status: z.enum(['firing', 'resolved']).optional(),
  truncatedAlerts: z.int().min(0).optional(),
  alerts: z.array(alertmanagerAlertSchema).max(inputLimits.alertsPerDelivery),
}).meta({ description: 'Alertmanager webhook, version 4: one event per alert. Unknown keys are ignored.' });

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

/**
 * One event per alert, fired or resolved by the alert's own status (a
 * "firing" delivery may carry resolved alerts and vice versa). Correlation
 * key by default: the delivery's groupKey, so an Alertmanager group, already
 * shaped by the user's `group_by`, is one incident.
 */
export function parseAlertmanager(body: unknown, context: NormaliseContext): SourceParse {
  const parsed = alertmanagerPayloadSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: formatProblems(parsed.error) };
  const { groupKey, alerts } = parsed.data;
  return { ok: true, drafts: alerts.map((alert) => alertmanagerDraft(alert, groupKey, context)) };
}

function alertmanagerDraft(alert: AlertmanagerPayload['alerts'][number], groupKey: string, context: NormaliseContext): AlertDraft {
  const annotations = alert.annotations ?? {};
  const fields = prometheusAlertFields(alert.labels, annotations, context.defaultService, 'Alertmanager alert');
  const common = {
    fingerprint: alert.fingerprint?.trim() || alertmanagerFingerprint(alert.labels),
    defaultCorrelationKey: groupKey,
    ...fields,
    labels: alert.labels,
    annotations,
    generatorUrl: toWebUrl(alert.generatorURL),
    startsAt: toUtcTimestamp(alert.startsAt) ?? context.receivedAt.toISOString(),
  };
  if (alert.status === 'firing') {
    // A firing alert has no end: its endsAt is the zero time (or, from some emulators, a resolve timeout), never passed on.
    return { type: 'alert.fired', ...common };
  }
  return { type: 'alert.resolved', ...common, endsAt: toUtcTimestamp(alert.endsAt) ?? context.receivedAt.toISOString() };
}
