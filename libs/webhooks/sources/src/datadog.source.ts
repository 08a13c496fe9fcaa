import type { Severity } from '@hookline/contracts/events';
import { z } from 'zod';
import type { AlertDraft } from './alert-draft';
import { serviceAlertKey } from './correlation-key';
import { inputLimits, inputText } from './input-schemas';
import type { NormaliseContext, SourceParse } from './normalise-context';
import { formatProblems } from './problems';
import { severityFromPriority } from './severity';
import { epochMillisToUtc } from './timestamps';
import { toWebUrl } from './web-url';

type Transition = { type: 'alert.fired'; level: 'alert' | 'warning' } | { type: 'alert.resolved' };

// $ALERT_TRANSITION, lower-cased. "Renotify" repeats the current state, which alert_type tells (error or warning).
const transitions = new Map<string, Transition>([
  ['triggered', { type: 'alert.fired', level: 'alert' }],
  ['re-triggered', { type: 'alert.fired', level: 'alert' }],
  ['renotify', { type: 'alert.fired', level: 'alert' }],
  ['warn', { type: 'alert.fired', level: 'warning' }],
  ['re-warn', { type: 'alert.fired', level: 'warning' }],
  ['no data', { type: 'alert.fired', level: 'warning' }],
  ['re-no data', { type: 'alert.fired', level: 'warning' }],
  ['recovered', { type: 'alert.resolved' }],
]);
const transitionNames = 'Triggered, Re-Triggered, Renotify, Warn, Re-Warn, No Data, Re-No Data, Recovered';

function transitionOf(value: string | undefined): Transition | undefined {
  return value === undefined ? undefined : transitions.get(value.trim().replace(/\s+/g, ' ').toLowerCase());
}

/**
 * A value Datadog actually filled in: not empty, and not a `$VARIABLE` left
 * as typed (Datadog leaves unknown variables alone, e.g. after a typo).
 */
function filled(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && !/^\$[A-Z_]+$/.test(trimmed) ? trimmed : undefined;
}

const ddValue = inputText.optional();

/** Hookline's recommended Datadog payload (`datadogRecommendedTemplate`): every value a string. */
export const datadogPayloadSchema = z
  .looseObject({
    alert_id: ddValue.meta({ description: '$ALERT_ID: the monitor id.' }),
    alert_transition: z.string().max(64).meta({ description: `$ALERT_TRANSITION: ${transitionNames}.` }),
    alert_cycle_key: z
      .string()
      .max(inputLimits.keyLength)
      .optional()
      .meta({ description: '$ALERT_CYCLE_KEY: the same from trigger to recovery; the fingerprint.' }),
    aggreg_key: ddValue.meta({ description: '$AGGREG_KEY' }),
    alert_scope: ddValue.meta({ description: '$ALERT_SCOPE: the tags of the group that triggered, e.g. "host:a,env:prod".' }),
    alert_type: ddValue.meta({ description: '$ALERT_TYPE: error, warning, success or info.' }),
    alert_priority: ddValue.meta({ description: '$ALERT_PRIORITY: P1…P5.' }),
    alert_status: ddValue.meta({ description: '$ALERT_STATUS' }),
    alert_metric: ddValue.meta({ description: '$ALERT_METRIC' }),
    tags: ddValue.meta({ description: '$TAGS: comma-separated key:value tags.' }),
    date: z.string().max(32).optional().meta({ description: '$DATE: epoch milliseconds.' }),
    title: ddValue.meta({ description: '$EVENT_TITLE' }),
    body: ddValue.meta({ description: '$EVENT_MSG' }),
    link: ddValue.meta({ description: '$LINK' }),
    hostname: ddValue.meta({ description: '$HOSTNAME' }),
    event_id: ddValue.meta({ description: '$ID' }),
    org: z.looseObject({ id: ddValue, name: ddValue }).optional(),
  })
  .superRefine((payload, context) => {
    if (transitionOf(payload.alert_transition) === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['alert_transition'],
        message: `"${payload.alert_transition.slice(0, 40)}" is not an alert transition: expected one of ${transitionNames}`,
      });
    }
    if (filled(payload.alert_cycle_key) === undefined && filled(payload.alert_id) === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['alert_cycle_key'],
        message: "alert_cycle_key or alert_id is required to tell alerts apart (use Hookline's recommended Datadog template)",
      });
    }
    const date = filled(payload.date);
    if (date !== undefined && !/^\d{1,15}$/.test(date)) {
      context.addIssue({ code: 'custom', path: ['date'], message: 'must be epoch milliseconds ($DATE)' });
    }
    })
  .meta({ description: "Hookline's recommended Datadog webhook payload (datadogRecommendedTemplate): one event per notification, every value a string." });

export type DatadogPayload = z.infer<typeof datadogPayloadSchema>;

/**
 * One event per notification. Fingerprint: the alert cycle key (else monitor
 * id + scope), so a trigger and its recovery match. Correlation key by
 * default `<service>/<alertName>`, the alert name being the title without
 * Datadog's `[P1] [Triggered on {host:a}]` prefixes: the same on the trigger
 * and the recovery, and the same for every group of a multi-alert monitor.
 */
export function parseDatadog(body: unknown, context: NormaliseContext): SourceParse {
  const parsed = datadogPayloadSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: formatProblems(parsed.error) };
  return { ok: true, drafts: [datadogDraft(parsed.data, context)] };
}

function datadogDraft(payload: DatadogPayload, context: NormaliseContext): AlertDraft {
  // The schema refused anything else.
  const transition = transitionOf(payload.alert_transition) as Transition;
  const alertId = filled(payload.alert_id);
  const scope = normaliseScope(filled(payload.alert_scope));
  const labels = { ...parseTags(filled(payload.tags)), ...parseTags(scope) };
  const service = labels['service'] || context.defaultService;
  const title = filled(payload.title);
  const alertName = (title && stripDatadogPrefixes(title)) || (alertId ? `Datadog monitor ${alertId}` : 'Datadog alert');
  const date = filled(payload.date);
  const at = (date === undefined ? undefined : epochMillisToUtc(Number(date))) ?? context.receivedAt.toISOString();
  const common = {
    fingerprint: filled(payload.alert_cycle_key) ?? [alertId, scope].filter(Boolean).join(':'),
    defaultCorrelationKey: serviceAlertKey(service, alertName),
    alertName,
    summary: title ?? alertName,
    description: filled(payload.body),
    service,
    labels,
    annotations: datadogAnnotations(payload),
    generatorUrl: toWebUrl(filled(payload.link)),
  };
  if (transition.type === 'alert.resolved') return { type: 'alert.resolved', ...common, endsAt: at };
  return { type: 'alert.fired', ...common, severity: datadogSeverity(transition.level, payload), startsAt: at };
}

const severityOrder: readonly Severity[] = ['info', 'warning', 'error', 'critical'];

/**
 * P1 critical, P2 error, P3 warning, P4/P5 info; no priority: error (Datadog's
 * alert state is its red one). Warn and No Data are warning, but never above
 * what the priority gives, so a P4 monitor's warning is not louder than its alert.
 */
function datadogSeverity(level: 'alert' | 'warning', payload: DatadogPayload): Severity {
  const byPriority = severityFromPriority(filled(payload.alert_priority));
  const warning = level === 'warning' || filled(payload.alert_type)?.toLowerCase() === 'warning';
  if (!warning) return byPriority ?? 'error';
  return byPriority !== undefined && severityOrder.indexOf(byPriority) < severityOrder.indexOf('warning') ? byPriority : 'warning';
}

// `[P1]`, `[Triggered]`, `[Triggered on {host:a}]`, `[Re-No Data on …]`, `[Recovered]`…, each optionally followed by spaces.
const datadogPrefix = /^\s*\[(?:P[1-5]|(?:Re-)?(?:Triggered|Warn|No Data)|Recovered|Renotify)\b[^\]]*\]\s*/i;

export function stripDatadogPrefixes(title: string): string {
  let rest = title;
  for (let match = datadogPrefix.exec(rest); match !== null; match = datadogPrefix.exec(rest)) rest = rest.slice(match[0].length);
  return rest.trim();
}

/** `key:value` tags, split at the first colon (values may hold colons, e.g. URLs); a tag without one is a key with an empty value. */
export function parseTags(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of (text ?? '').split(',')) {
    const trimmed = tag.trim();
    const colon = trimmed.indexOf(':');
    const key = (colon === -1 ? trimmed : trimmed.slice(0, colon)).trim();
    const value = colon === -1 ? '' : trimmed.slice(colon + 1).trim();
    if (!key || key === '__proto__') continue;
    // Datadog allows a key twice (env:a,env:b); keep both values rather than whichever came last.
    labels[key] = Object.hasOwn(labels, key) && labels[key] !== value ? `${labels[key]},${value}` : value;
  }
  return labels;
}

/** The scope's tags in one order, so the fallback fingerprint does not depend on how Datadog listed them. */
function normaliseScope(scope: string | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const tags = scope
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
    .sort();
  return tags.length > 0 ? tags.join(',') : undefined;
}

function datadogAnnotations(payload: DatadogPayload): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ['monitor_id', payload.alert_id],
    ['alert_transition', payload.alert_transition],
    ['alert_priority', payload.alert_priority],
    ['alert_status', payload.alert_status],
    ['alert_metric', payload.alert_metric],
    ['alert_scope', payload.alert_scope],
    ['aggreg_key', payload.aggreg_key],
    ['hostname', payload.hostname],
    ['event_id', payload.event_id],
    ['org_id', payload.org?.id],
    ['org_name', payload.org?.name],
  ];
  return Object.fromEntries(entries.flatMap(([key, value]) => (filled(value) === undefined ? [] : [[key, filled(value) as string]])));
}
