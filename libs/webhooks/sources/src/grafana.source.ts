import { z } from 'zod';
import type { AlertDraft } from './alert-draft';
import { serviceAlertKey } from './correlation-key';
import { inputLimits, inputStringMap, inputText, inputTimestamp } from './input-schemas';
import type { NormaliseContext, SourceParse } from './normalise-context';
import { formatProblems } from './problems';
import { prometheusAlertFields } from './prometheus-alert';
import { toUtcTimestamp } from './timestamps';
import { toWebUrl } from './web-url';

/**
 * Grafana unified alerting's webhook, version "1". Only what Hookline reads is
 * declared; the rest is tolerated and ignored, including the deprecated
 * `title`, `state` and `message` (the message of a large group can be long,
 * and a field nobody reads must never cost an alert), and newer additions
 * such as `appVersion`, per-alert `orgId` and `values`.
 */
export const grafanaAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: inputStringMap(),
  annotations: inputStringMap().optional(),
  startsAt: inputTimestamp.meta({ description: 'May carry an offset (+02:00); published in UTC.' }),
  endsAt: inputTimestamp.optional().meta({ description: 'The zero time 0001-01-01T00:00:00Z while the alert fires.' }),
  generatorURL: inputText.optional().meta({ description: 'May be relative (e.g. "?orgId=1"): resolved against externalURL.' }),
  fingerprint: z
    .string()
    .min(1)
    .max(255)
    .meta({ description: "Grafana's fingerprint, used as sent: it covers labels not in the payload, so it cannot be recomputed." }),
  silenceURL: inputText.optional(),
  dashboardURL: inputText.optional(),
  panelURL: inputText.optional(),
  imageURL: inputText.optional(),
  valueString: inputText.optional(),
});

export const grafanaPayloadSchema = z.looseObject({
  version: z.literal('1'),
  externalURL: inputText.optional(),
  alerts: z.array(grafanaAlertSchema).max(inputLimits.alertsPerDelivery),
}).meta({ description: 'Grafana unified alerting webhook, version 1: one event per alert. Unknown keys are ignored.' });

export type GrafanaPayload = z.infer<typeof grafanaPayloadSchema>;
type GrafanaAlert = GrafanaPayload['alerts'][number];

// Grafana's links, kept as annotations under Grafana's own names: a responder's next click.
const linkFields = ['silenceURL', 'dashboardURL', 'panelURL', 'imageURL'] as const;

/** One event per alert; correlation key by default `<service>/<alertName>`. */
export function parseGrafana(body: unknown, context: NormaliseContext): SourceParse {
  const parsed = grafanaPayloadSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: formatProblems(parsed.error) };
  const { externalURL, alerts } = parsed.data;
  return { ok: true, drafts: alerts.map((alert) => grafanaDraft(alert, externalURL, context)) };
}

function grafanaDraft(alert: GrafanaAlert, externalURL: string | undefined, context: NormaliseContext): AlertDraft {
  const fields = prometheusAlertFields(alert.labels, alert.annotations ?? {}, context.defaultService, 'Grafana alert');
  const common = {
    fingerprint: alert.fingerprint,
    defaultCorrelationKey: serviceAlertKey(fields.service, fields.alertName),
    ...fields,
    labels: alert.labels,
    annotations: { ...grafanaExtras(alert, externalURL), ...alert.annotations },
    generatorUrl: toWebUrl(alert.generatorURL, externalURL),
    startsAt: toUtcTimestamp(alert.startsAt) ?? context.receivedAt.toISOString(),
  };
  if (alert.status === 'firing') return { type: 'alert.fired', ...common };
  return { type: 'alert.resolved', ...common, endsAt: toUtcTimestamp(alert.endsAt) ?? context.receivedAt.toISOString() };
}

/** Grafana's links (absolute) and value string; the alert's own annotations win on a name clash. */
function grafanaExtras(alert: GrafanaAlert, externalURL: string | undefined): Record<string, string> {
  const extras: Record<string, string> = {};
  for (const field of linkFields) {
    const url = toWebUrl(alert[field], externalURL);
    if (url !== undefined) extras[field] = url;
  }
  const valueString = alert.valueString?.trim();
  if (valueString) extras['valueString'] = valueString;
  return extras;
}
