import type { Severity } from '@hookline/contracts/events';
import { z } from 'zod';
import type { AlertDraft } from './alert-draft';
import { serviceAlertKey } from './correlation-key';
import { parseMapped } from './field-mapping';
import { inputStringMap, inputText, inputTimestamp, requiredText } from './input-schemas';
import type { NormaliseContext, SourceParse } from './normalise-context';
import { formatProblems } from './problems';
import { severityFromWord } from './severity';
import { toUtcTimestamp } from './timestamps';

/**
 * Hookline's generic format: one monitor event per request, the shape uptime
 * checkers send. Senders that cannot produce it get a field mapping instead
 * (see field-mapping.ts). Unknown keys are tolerated and ignored.
 *
 *     {
 *       "event_type": "monitor.down",            // see below; required
 *       "timestamp": "2026-01-31T14:30:00Z",     // when it happened; default: when received
 *       "monitor": {                             // required
 *         "id": "mon_abc123",                    // required: the alert's identity (fingerprint)
 *         "name": "Production API",              // required: the alert name
 *         "url": "https://api.example.com", "type": "http",
 *         "service": "api",                      // default: the integration's service
 *         "severity": "critical",                // default: critical when down, warning when degraded
 *         "labels": { "team": "payments" }       // string values
 *       },
 *       "check": { "status": "down", "response_code": 500, "response_time_ms": 2500, "location": "us-east", "error": "…" },
 *       "incident": { "id": "inc_xyz789", "started_at": "2026-01-31T14:28:00Z", "duration_seconds": 120 }
 *     }
 *
 * Fired: monitor.down, monitor.failing, monitor.degraded. Resolved: monitor.up, monitor.recovered.
 */
const firedTypes = ['monitor.down', 'monitor.failing', 'monitor.degraded'] as const;
const resolvedTypes = ['monitor.up', 'monitor.recovered'] as const;

const identifier = z.union([z.string().min(1).max(255), z.int()]);

export const monitorEventSchema = z.looseObject({
  event_type: z.enum([...firedTypes, ...resolvedTypes]).meta({ description: 'Fired: monitor.down, monitor.failing, monitor.degraded. Resolved: monitor.up, monitor.recovered.' }),
  timestamp: inputTimestamp.optional().meta({ description: 'When the event happened; default: when Hookline received it.' }),
  monitor: z.looseObject({
    id: identifier.meta({ description: "The monitor's id: the alert's fingerprint, the same on down and up." }),
    name: requiredText.meta({ description: 'The alert name (with the service, the default correlation key).' }),
    url: inputText.optional().meta({ description: 'What is monitored.' }),
    type: inputText.optional().meta({ description: 'http, tcp, dns, …' }),
    service: inputText.optional().meta({ description: "Default: the integration's service." }),
    severity: inputText.optional().meta({ description: 'critical, error, warning or info (and common synonyms); default: critical when down or failing, warning when degraded.' }),
    labels: inputStringMap().optional(),
  }),
  check: z
    .looseObject({
      status: inputText.optional(),
      response_code: z.int().nullish(),
      response_time_ms: z.number().nonnegative().nullish(),
      location: inputText.optional(),
      error: inputText.optional().meta({ description: 'What went wrong, as text: the alert description.' }),
    })
    .optional(),
  incident: z
    .looseObject({
      id: identifier.optional(),
      started_at: inputTimestamp.optional().meta({ description: 'When the monitor went down; the alert start.' }),
      duration_seconds: z.number().nonnegative().nullish(),
    })
    .optional(),
}).meta({ description: "Hookline's generic monitor event: one alert per request. Unknown keys are ignored." });

export type MonitorEvent = z.infer<typeof monitorEventSchema>;

/** The generic source: the integration's field mapping if it has one, else Hookline's monitor-event format. */
export function parseGeneric(body: unknown, context: NormaliseContext): SourceParse {
  if (context.fieldMapping !== undefined) return parseMapped(body, context.fieldMapping, context);
  const parsed = monitorEventSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: formatProblems(parsed.error) };
  return { ok: true, drafts: [monitorDraft(parsed.data, context)] };
}

function monitorDraft(event: MonitorEvent, context: NormaliseContext): AlertDraft {
  const { monitor, check, incident } = event;
  const alertName = monitor.name.trim();
  const service = monitor.service?.trim() || context.defaultService;
  const state = event.event_type.slice('monitor.'.length);
  const happenedAt = toUtcTimestamp(event.timestamp) ?? context.receivedAt.toISOString();
  const startedAt = toUtcTimestamp(incident?.started_at);
  const common = {
    fingerprint: String(monitor.id),
    defaultCorrelationKey: serviceAlertKey(service, alertName),
    alertName,
    summary: `${alertName} is ${state}${checkDetails(check)}`,
    description: check?.error?.trim() || undefined,
    service,
    labels: {
      ...monitor.labels,
      monitor_id: String(monitor.id),
      ...(monitor.type?.trim() ? { monitor_type: monitor.type.trim() } : {}),
    },
    annotations: monitorAnnotations(event),
  };
  if ((resolvedTypes as readonly string[]).includes(event.event_type)) {
    return { type: 'alert.resolved', ...common, startsAt: startedAt, endsAt: happenedAt };
  }
  const defaultSeverity: Severity = event.event_type === 'monitor.degraded' ? 'warning' : 'critical';
  return {
    type: 'alert.fired',
    ...common,
    severity: monitor.severity?.trim() ? severityFromWord(monitor.severity) : defaultSeverity,
    startsAt: startedAt ?? happenedAt,
  };
}

/** ` (HTTP 500, 2500 ms, from us-east)`: what a responder asks first, in the one-line summary. */
function checkDetails(check: MonitorEvent['check']): string {
  const details = [
    check?.response_code != null ? `HTTP ${check.response_code}` : undefined,
    check?.response_time_ms != null ? `${check.response_time_ms} ms` : undefined,
    check?.location?.trim() ? `from ${check.location.trim()}` : undefined,
  ].filter((detail) => detail !== undefined);
  return details.length > 0 ? ` (${details.join(', ')})` : '';
}

// Values that change from one check to the next are annotations, not labels: labels are the alert's identity.
function monitorAnnotations(event: MonitorEvent): Record<string, string> {
  const entries: [string, string | number | null | undefined][] = [
    ['monitor_url', event.monitor.url],
    ['check_status', event.check?.status],
    ['response_code', event.check?.response_code],
    ['response_time_ms', event.check?.response_time_ms],
    ['location', event.check?.location],
    ['incident_id', event.incident?.id],
    ['duration_seconds', event.incident?.duration_seconds],
  ];
  return Object.fromEntries(
    entries.flatMap(([key, value]) => {
      const text = value === null || value === undefined ? '' : String(value).trim();
      return text ? [[key, text]] : [];
    }),
  );
}
