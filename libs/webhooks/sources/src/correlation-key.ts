import { alertFiredDataSchema, type SourceKind } from '@hookline/contracts/events';
import { z } from 'zod';
import { boundedIdentity } from './truncate';

/**
 * Correlation keys: alerts with the same key inside the grouping window join
 * one incident, and the key is the Kafka key, so a fire and its resolution
 * must compute the same one.
 *
 * Every key is `<integrationId>:<key>`. The prefix means two integrations never
 * merge by accident (two teams' Alertmanagers both firing `InstanceDown` for
 * their own `node` job); grouping across integrations would need a shared
 * namespace a person chose, which a per-integration template cannot express.
 *
 * `<key>` is, by default, `<service>/<alertName>` (service empty when unknown),
 * except where the source has a better identity of the group: Alertmanager's
 * `groupKey`, PagerDuty's dedup key. An integration may replace it with a
 * template; see `parseCorrelationTemplate`.
 */

const maxKeyLength = alertFiredDataSchema.shape.correlationKey.maxLength ?? 512;

/** The key published: integration prefix, then the key, hash-shortened if it would not fit the contract. */
export function prefixedCorrelationKey(integrationId: string, key: string): string {
  return boundedIdentity(`${integrationId}:${key}`, maxKeyLength);
}

/** The default key: `<service>/<alertName>`, with an empty service when the alert names none. */
export function serviceAlertKey(service: string | undefined, alertName: string): string {
  return `${service ?? ''}/${alertName}`;
}

/**
 * A correlation template is text with `{{path}}` lookups, nothing else: no
 * expressions, filters or code, so a stored template can never do more than
 * read a value. Paths:
 *
 *     {{alertName}}  {{service}}  {{fingerprint}}
 *     {{labels.<name>}}   the rest after "labels." is the label name, verbatim
 *                         (so {{labels.app.kubernetes.io/name}} works)
 *
 * Spaces inside the braces are ignored; a label the alert lacks renders as an
 * empty string (as Alertmanager's group_by treats a missing label). Severity
 * and annotations are not offered: they change while an alert fires, and a key
 * that changes splits one alert's events over several incidents and partitions.
 *
 * Example: `{{labels.cluster}}/{{alertName}}`.
 */
export type TemplatePart = { literal: string } | { field: 'alertName' | 'service' | 'fingerprint' } | { label: string };

export const correlationTemplateLimits = { length: 512, lookups: 16 } as const;

const fields = new Set(['alertName', 'service', 'fingerprint']);

export type TemplateParse = { ok: true; parts: TemplatePart[] } | { ok: false; problems: string[] };

export function parseCorrelationTemplate(template: string): TemplateParse {
  const problems: string[] = [];
  const parts: TemplatePart[] = [];
  if (template.length === 0) problems.push('must not be empty');
  if (template.length > correlationTemplateLimits.length) problems.push(`must be at most ${correlationTemplateLimits.length} characters`);
  let rest = template;
  let lookups = 0;
  while (rest.length > 0 && problems.length === 0) {
    const open = rest.indexOf('{{');
    if (open === -1) {
      parts.push({ literal: rest });
      break;
    }
    if (open > 0) parts.push({ literal: rest.slice(0, open) });
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) {
      problems.push(`"{{" at "${rest.slice(open, open + 30)}" is never closed with "}}"`);
      break;
    }
    const path = rest.slice(open + 2, close).trim();
    const part = lookup(path);
    if ('problem' in part) problems.push(part.problem);
    else parts.push(part);
    if (++lookups > correlationTemplateLimits.lookups) problems.push(`must have at most ${correlationTemplateLimits.lookups} lookups`);
    rest = rest.slice(close + 2);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, parts };
}

function lookup(path: string): TemplatePart | { problem: string } {
  if (path.startsWith('labels.') && path.length > 'labels.'.length) return { label: path.slice('labels.'.length) };
  if (fields.has(path)) return { field: path as 'alertName' | 'service' | 'fingerprint' };
  return { problem: `unknown lookup {{${path}}}: use {{alertName}}, {{service}}, {{fingerprint}} or {{labels.<name>}}` };
}

/**
 * What a source's resolutions and acknowledgements carry, where that is less
 * than its alerts: a PagerDuty resolve has only its dedup key (the
 * fingerprint), and the service comes from the integration. A template that
 * reads anything else could not be computed for the resolve, which would then
 * land under another key, on another partition, possibly before its trigger.
 */
const lookupsOnTransitions: Partial<Record<SourceKind, ReadonlySet<string>>> = {
  pagerduty: new Set(['fingerprint', 'service']),
};

/** Why a template cannot be used for a source; empty if it can. For the admin API, so a bad template is refused when saved. */
export function correlationTemplateProblems(template: string, kind: SourceKind): string[] {
  const parsed = parseCorrelationTemplate(template);
  return parsed.ok ? transitionProblems(parsed.parts, kind) : parsed.problems;
}

function transitionProblems(parts: readonly TemplatePart[], kind: SourceKind): string[] {
  const allowed = lookupsOnTransitions[kind];
  if (allowed === undefined) return [];
  const alternatives = [...allowed].map((name) => `{{${name}}}`).join(' or ');
  return parts.flatMap((part) => {
    if ('literal' in part) return [];
    const name = 'label' in part ? `labels.${part.label}` : part.field;
    return allowed.has(name) ? [] : [`{{${name}}} is not available on ${kind} resolutions: use ${alternatives}`];
  });
}

/** A template as a zod schema for stored integration settings (source-independent checks only). */
export const correlationTemplateSchema = z
  .string()
  .superRefine((template, context) => {
    const parsed = parseCorrelationTemplate(template);
    if (!parsed.ok) for (const message of parsed.problems) context.addIssue({ code: 'custom', message });
  })
  .meta({ description: 'Correlation key template: text with {{alertName}}, {{service}}, {{fingerprint}} or {{labels.<name>}} lookups.' });

export interface CorrelationValues {
  fingerprint: string;
  alertName?: string | undefined;
  service?: string | undefined;
  labels: Readonly<Record<string, string>>;
}

export function renderCorrelationTemplate(parts: readonly TemplatePart[], values: CorrelationValues): string {
  return parts
    .map((part) => {
      if ('literal' in part) return part.literal;
      if ('label' in part) return Object.hasOwn(values.labels, part.label) ? (values.labels[part.label] ?? '') : '';
      return values[part.field] ?? '';
    })
    .join('');
}

// Templates come from a handful of integrations: parse each once, not per alert.
const parsedTemplates = new Map<string, TemplateParse>();
const maxCachedTemplates = 1_000;

/**
 * The template's parts if it can be used for `kind`, else the reason it
 * cannot. Callers fall back to the source's default key and report the reason:
 * an alert must still flow when its integration's template is wrong.
 */
export function usableTemplate(template: string, kind: SourceKind): TemplateParse {
  let parsed = parsedTemplates.get(template);
  if (parsed === undefined) {
    if (parsedTemplates.size >= maxCachedTemplates) parsedTemplates.clear();
    parsed = parseCorrelationTemplate(template);
    parsedTemplates.set(template, parsed);
  }
  if (!parsed.ok) return parsed;
  const problems = transitionProblems(parsed.parts, kind);
  return problems.length > 0 ? { ok: false, problems } : parsed;
}
