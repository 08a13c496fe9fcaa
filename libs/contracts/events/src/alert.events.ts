import { z } from 'zod';
import { eventEnvelope } from './envelope';
import { fieldLimits, opaqueId, severity, stringMap, text, timestamp, webUrl } from './fields';

/**
 * The senders ingress can parse. Adding one keeps the topic version (old
 * events still parse), but a consumer built before the addition rejects
 * events with the new value: release the contract to consumers before ingress
 * emits it, and do not branch exhaustively on it downstream. `generic` is the
 * catch-all for any sender using Hookline's documented generic format.
 */
export const sourceKinds = ['alertmanager', 'grafana', 'datadog', 'pagerduty', 'generic'] as const;
export const sourceKind = z.enum(sourceKinds);
export type SourceKind = z.infer<typeof sourceKind>;

/** How the correlator turns an integration's alerts into incidents; set per integration in ingress. */
export const incidentPolicySchema = z.object({
  threshold: z
    .int()
    .min(1)
    .max(1000)
    .meta({ description: 'Open the incident only once this many distinct alerts of one correlation key fire within the window.' }),
  windowSeconds: z.int().min(1).max(86_400),
  autoResolveAfterSeconds: z
    .int()
    .min(60)
    .max(30 * 86_400)
    .optional()
    .meta({ description: 'Resolve an incident (reason `timeout`) when none of its alerts has been seen for this long.' }),
});

export const alertFiredDataSchema = z.object({
  integrationId: opaqueId.meta({ description: 'The webhook integration (the URL the sender posted to).' }),
  sourceKind,
  deliveryId: opaqueId.meta({
    description: "The webhook delivery this alert came in: the sender's delivery id when it has one, else one ingress minted.",
  }),
  fingerprint: text(255).meta({
    description:
      "The sender's identity of this alert (Alertmanager/Grafana fingerprint, PagerDuty dedup_key, Datadog alert cycle key), unique within the integration: the same alert firing again has the same fingerprint.",
  }),
  correlationKey: text(512).meta({
    description:
      'Alerts with the same correlation key inside the grouping window join one incident; also the Kafka key. It must be computable from a resolution too (PagerDuty resolves carry only the dedup key), so a fire and its resolve land on the same partition.',
  }),
  severity,
  alertName: text(fieldLimits.nameLength),
  summary: text(fieldLimits.summaryLength),
  description: text(fieldLimits.detailLength).optional(),
  service: text(fieldLimits.nameLength).optional(),
  labels: stringMap(fieldLimits.labelCount, fieldLimits.labelValueLength),
  annotations: stringMap(fieldLimits.annotationCount, fieldLimits.annotationValueLength),
  startsAt: timestamp,
  endsAt: timestamp.optional().meta({
    description: "When the alert stopped firing. Absent while it fires (Alertmanager's zero time 0001-01-01 is not passed on).",
  }),
  generatorUrl: webUrl.optional().meta({ description: 'Where the alert came from, absolute (relative Grafana URLs are resolved).' }),
  grouping: incidentPolicySchema.optional().meta({
    description: "The integration's incident policy. Absent: the correlator's defaults (an incident opens on the first alert, no auto-resolve).",
  }),
  sanitizedFields: z
    .array(text(fieldLimits.nameLength))
    .max(fieldLimits.labelCount + fieldLimits.annotationCount + 8)
    .optional()
    .meta({
      description:
        'Fields in which ingress replaced characters that cannot be stored (NUL, other control characters, lone UTF-16 surrogates) with U+FFFD, e.g. `summary` or `labels.instance`. Absent when nothing was replaced.',
    }),
  test: z
    .boolean()
    .default(false)
    .meta({ description: 'A synthetic test alert: it flows through the pipeline but never pages anyone.' }),
  foreignService: z
    .literal(true)
    .optional()
    .meta({
      description:
        "Set when the integration is bound to other services and its policy for alerts outside the binding is `flag`: this alert's service is one the integration may not speak for. A consumer may hold it for review instead of paging, ticketing or changing a status-page component for it. Absent otherwise (with the `refuse` policy such alerts are not published).",
    }),
});

/**
 * A resolution or acknowledgement may arrive without what the alert is about:
 * a PagerDuty resolve or acknowledge carries only its dedup key. Consumers find
 * the alert by (integrationId, fingerprint) and take what is present as an update.
 */
export const alertTransitionDataSchema = alertFiredDataSchema.partial({
  severity: true,
  alertName: true,
  summary: true,
  startsAt: true,
});

export const alertFiredEventSchema = eventEnvelope('alert.fired', alertFiredDataSchema);
export const alertResolvedEventSchema = eventEnvelope('alert.resolved', alertTransitionDataSchema);
/** PagerDuty's acknowledge: someone is on it, the alert still fires. */
export const alertAcknowledgedEventSchema = eventEnvelope('alert.acknowledged', alertTransitionDataSchema);

export const alertEventSchema = z.discriminatedUnion('type', [
  alertFiredEventSchema,
  alertResolvedEventSchema,
  alertAcknowledgedEventSchema,
]);

export type IncidentPolicy = z.infer<typeof incidentPolicySchema>;
export type AlertFiredData = z.infer<typeof alertFiredDataSchema>;
export type AlertTransitionData = z.infer<typeof alertTransitionDataSchema>;
export type AlertEvent = z.infer<typeof alertEventSchema>;
export type AlertEventType = AlertEvent['type'];
