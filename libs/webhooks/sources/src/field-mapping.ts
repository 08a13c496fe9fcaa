import { z } from 'zod';
import type { AlertDraft } from './alert-draft';
import { serviceAlertKey } from './correlation-key';
import { inputLimits } from './input-schemas';
import { evaluateJsonPath, type JsonPath, jsonPathSchema, parseJsonPath } from './json-path';
import type { NormaliseContext, SourceParse } from './normalise-context';
import { capProblems } from './problems';
import { severityFromWord } from './severity';
import { epochToUtc, isZeroTime, parseTimestamp } from './timestamps';

const statusValues = z
  .array(z.string().max(256).refine((value) => value.trim().length > 0, 'must not be empty'))
  .min(1)
  .max(32);

/**
 * Where a sender that cannot speak Hookline's generic format keeps each field,
 * as JSON paths (see json-path.ts) into its body. One body is one alert.
 *
 *     {
 *       "status": "$.state", "firingValues": ["alerting"], "resolvedValues": ["ok"],
 *       "title": "$.rule.name", "dedupKey": "$.rule.id",
 *       "severity": "$.rule.level", "service": "$.tags.service",
 *       "startsAt": "$.fired_at", "endsAt": "$.resolved_at",
 *       "description": "$.message", "labels": "$.tags"
 *     }
 *
 * The value at `status` decides fired or resolved; it is compared as text,
 * ignoring case and surrounding spaces, so numbers and booleans work too
 * (`"resolvedValues": ["true"]` for `"ok": true`). A value in neither list is
 * refused. `title` is the alert name and summary, and is required on
 * resolutions too: the default correlation key is built from it.
 */
export const fieldMappingSchema = z
  .strictObject({
    status: jsonPathSchema.meta({ description: 'The value that says whether the alert fires or is resolved.' }),
    firingValues: statusValues.meta({ description: 'Values of `status` that mean fired.' }),
    resolvedValues: statusValues.meta({ description: 'Values of `status` that mean resolved.' }),
    title: jsonPathSchema.meta({ description: 'The alert name and summary.' }),
    dedupKey: jsonPathSchema.meta({ description: "The alert's identity (fingerprint): the same on the alert and its resolution." }),
    service: jsonPathSchema.optional().meta({ description: "Default: the integration's service." }),
    severity: jsonPathSchema.optional().meta({ description: 'critical, error, warning, info or a synonym; default warning.' }),
    startsAt: jsonPathSchema.optional().meta({ description: 'ISO-8601 with a zone, or epoch seconds or milliseconds; default: when received.' }),
    endsAt: jsonPathSchema.optional().meta({ description: 'As startsAt; on resolutions, default: when received.' }),
    description: jsonPathSchema.optional(),
    labels: jsonPathSchema.optional().meta({ description: 'An object whose text, number and true/false values become labels.' }),
  })
  .superRefine((mapping, context) => {
    const firing = new Set(mapping.firingValues.map(normaliseStatus));
    const both = mapping.resolvedValues.filter((value) => firing.has(normaliseStatus(value)));
    if (both.length > 0) {
      context.addIssue({ code: 'custom', path: ['resolvedValues'], message: `${both.join(', ')} cannot mean both fired and resolved` });
    }
  });

export type FieldMapping = z.infer<typeof fieldMappingSchema>;

/** A stored mapping Hookline cannot apply: the integration's fault, not the sender's, so not a 400. */
export class FieldMappingError extends Error {
  constructor(problems: string[]) {
    super(`the integration's field mapping is invalid: ${problems.join('; ')}`);
    this.name = 'FieldMappingError';
  }
}

type PathField = 'status' | 'title' | 'dedupKey' | 'service' | 'severity' | 'startsAt' | 'endsAt' | 'description' | 'labels';

interface CompiledMapping {
  paths: Partial<Record<PathField, { text: string; path: JsonPath }>>;
  firing: ReadonlySet<string>;
  resolved: ReadonlySet<string>;
}

// The registry keeps one mapping object per integration until it changes: compile each once.
const compiled = new WeakMap<FieldMapping, CompiledMapping>();

function compile(mapping: FieldMapping): CompiledMapping {
  const cached = compiled.get(mapping);
  if (cached) return cached;
  // Stored settings were checked when saved, but re-checked once here: the registry reads them from Postgres unparsed.
  const checked = fieldMappingSchema.safeParse(mapping);
  if (!checked.success) throw new FieldMappingError(checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const paths: CompiledMapping['paths'] = {};
  for (const field of ['status', 'title', 'dedupKey', 'service', 'severity', 'startsAt', 'endsAt', 'description', 'labels'] as const) {
    const text = checked.data[field];
    if (text === undefined) continue;
    const parsed = parseJsonPath(text);
    if (parsed.ok) paths[field] = { text, path: parsed.path };
  }
  const result = {
    paths,
    firing: new Set(checked.data.firingValues.map(normaliseStatus)),
    resolved: new Set(checked.data.resolvedValues.map(normaliseStatus)),
  };
  compiled.set(mapping, result);
  return result;
}

function normaliseStatus(value: string): string {
  return value.trim().toLowerCase();
}

/** One alert from a body of the sender's own shape. */
export function parseMapped(body: unknown, mapping: FieldMapping, context: NormaliseContext): SourceParse {
  const { paths, firing, resolved } = compile(mapping);
  const problems: string[] = [];
  const read = reader(body, paths, problems);

  const status = read.text('status', true);
  const title = read.text('title', true);
  const dedupKey = read.text('dedupKey', true);
  const service = read.text('service', false) ?? context.defaultService;
  const severity = read.text('severity', false);
  const startsAt = read.time('startsAt');
  const endsAt = read.time('endsAt');
  const description = read.text('description', false);
  const labels = read.labels();

  const fired = status !== undefined && firing.has(normaliseStatus(status));
  if (status !== undefined && !fired && !resolved.has(normaliseStatus(status))) {
    problems.push(
      `status (${paths.status?.text}): "${status.slice(0, 64)}" is neither a firing value (${[...firing].join(', ')}) nor a resolved value (${[...resolved].join(', ')})`,
    );
  }
  if (problems.length > 0 || title === undefined || dedupKey === undefined) return { ok: false, problems: capProblems(problems) };

  const common = {
    fingerprint: dedupKey,
    defaultCorrelationKey: serviceAlertKey(service, title),
    alertName: title,
    summary: title,
    description,
    service,
    labels,
    annotations: {},
  };
  const draft: AlertDraft = fired
    ? { type: 'alert.fired', ...common, severity: severityFromWord(severity), startsAt: startsAt ?? context.receivedAt.toISOString() }
    : { type: 'alert.resolved', ...common, startsAt, endsAt: endsAt ?? context.receivedAt.toISOString() };
  return { ok: true, drafts: [draft] };
}

/** Reads mapped values, collecting a readable problem for each one that is missing or of the wrong kind. */
function reader(body: unknown, paths: CompiledMapping['paths'], problems: string[]) {
  const at = (field: PathField) => {
    const entry = paths[field];
    return entry === undefined ? undefined : { where: `${field} (${entry.text})`, value: evaluateJsonPath(body, entry.path) };
  };
  return {
    text(field: PathField, required: boolean): string | undefined {
      const found = at(field);
      if (found === undefined) return undefined;
      const text = scalarText(found.value);
      if (text !== undefined) return text;
      // An optional field may be absent or blank; pointing at an object or array is a wrong path either way.
      const blank = found.value === undefined || found.value === null || (typeof found.value === 'string' && found.value.trim() === '');
      if (required || !blank) problems.push(`${found.where}: ${describeMissing(found.value, 'text, a number or true/false')}`);
      return undefined;
    },
    time(field: 'startsAt' | 'endsAt'): string | undefined {
      const found = at(field);
      if (found === undefined || found.value === undefined || found.value === null) return undefined;
      const time = timestampOf(found.value);
      if (time === null) return undefined;
      if (time === undefined) problems.push(`${found.where}: expected an ISO-8601 timestamp with a zone or epoch seconds/milliseconds, found ${preview(found.value)}`);
      return time;
    },
    labels(): Record<string, string> {
      const found = at('labels');
      if (found === undefined || found.value === undefined || found.value === null) return {};
      if (typeof found.value !== 'object' || Array.isArray(found.value)) {
        problems.push(`${found.where}: expected an object, found ${preview(found.value)}`);
        return {};
      }
      const entries = Object.entries(found.value);
      if (entries.length > inputLimits.mapEntries) {
        problems.push(`${found.where}: must have at most ${inputLimits.mapEntries} entries`);
        return {};
      }
      // Nested objects and arrays are not labels; they are skipped rather than refused.
      return Object.fromEntries(entries.flatMap(([key, value]) => {
        const text = scalarText(value, false);
        return text === undefined ? [] : [[key, text]];
      }));
    },
  };
}

/** Text, a number or a boolean as trimmed text; undefined for anything else, and for blank text when `requireContent`. */
function scalarText(value: unknown, requireContent = true): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed || !requireContent ? trimmed : undefined;
}

/**
 * A mapped time in the contract's form; null for the senders' ways of saying
 * "no time" (empty text, epoch 0, Go's zero time); undefined if unreadable.
 */
function timestampOf(value: unknown): string | null | undefined {
  if (typeof value === 'number') return value === 0 ? null : epochToUtc(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '0') return null;
  if (/^\d{1,16}$/.test(trimmed)) return epochToUtc(Number(trimmed));
  const date = parseTimestamp(trimmed);
  if (date === undefined) return undefined;
  return isZeroTime(date) ? null : date.toISOString();
}

function describeMissing(value: unknown, expected: string): string {
  return value === undefined ? 'no value at this path' : `expected ${expected}, found ${preview(value)}`;
}

function preview(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.trim() ? `"${value.slice(0, 40)}"` : 'empty text';
  return String(value);
}
