import { z } from 'zod';

/**
 * Field building blocks shared by every topic. Each one is bounded: an event
 * is a public contract read by consumers in other languages, and an unbounded
 * string is how one noisy monitor fills a partition or a database column.
 *
 * The limits are exported so producers can truncate or refuse with the same
 * numbers the schema enforces, instead of learning them from a failed publish.
 */
export const fieldLimits = {
  /** Ids we did not mint ourselves: a sender's delivery id, an external ticket key. */
  idLength: 128,
  nameLength: 256,
  titleLength: 512,
  summaryLength: 1024,
  detailLength: 8192,
  urlLength: 2048,
  labelCount: 64,
  labelKeyLength: 128,
  labelValueLength: 1024,
  annotationCount: 32,
  annotationValueLength: 4096,
} as const;

/**
 * An opaque identifier: printable ASCII without spaces, so it is safe as a
 * Kafka key, a header value, a log field and a URL path segment. No format
 * beyond that, because some ids come from senders (delivery ids, dedup keys).
 */
export const opaqueId = z
  .string()
  .min(1)
  .max(fieldLimits.idLength)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/**
 * A timestamp as an ISO-8601 string in UTC (`2024-05-01T12:00:00.000Z`).
 * Strings, not `Date`s, so an event round-trips through JSON unchanged; UTC
 * only, so consumers can compare and sort them as text. Producers convert
 * offsets (Grafana sends `+02:00`) before publishing.
 */
export const timestamp = z.iso.datetime();

/** An http(s) URL a person can open; `mailto:` and `javascript:` have no business in an alert link. */
export const webUrl = z.url({ protocol: /^https?$/ }).max(fieldLimits.urlLength);

/** Non-empty, bounded text. */
export function text(maxLength: number) {
  return z.string().min(1).max(maxLength);
}

export const severities = ['critical', 'error', 'warning', 'info'] as const;
/** PagerDuty's four levels: every source maps onto them, and "highest" is their order here. */
export const severity = z.enum(severities);
export type Severity = z.infer<typeof severity>;

/**
 * A bounded string-to-string map. JSON Schema's `maxProperties` is set through
 * metadata because zod has no size check for records; the refinement enforces
 * it at parse time.
 */
export function stringMap(maxEntries: number, maxValueLength: number) {
  return z
    .record(z.string().min(1).max(fieldLimits.labelKeyLength), z.string().max(maxValueLength))
    .refine((map) => Object.keys(map).length <= maxEntries, { message: `must have at most ${maxEntries} entries` })
    .meta({ maxProperties: maxEntries });
}
