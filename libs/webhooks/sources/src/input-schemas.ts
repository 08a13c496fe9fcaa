import { z } from 'zod';
import { parseTimestamp } from './timestamps';

/**
 * Bounds on what a sender may send, field by field. They sit far above the
 * contract's limits on purpose: a summary longer than the contract allows is
 * truncated, not refused, because a verbose template must not cost a real
 * alert. These bounds only stop a payload that is not an alert at all from
 * costing memory and CPU on the hot path (the body size limit caps the total).
 */
export const inputLimits = {
  alertsPerDelivery: 1_000,
  textLength: 65_536,
  keyLength: 1_024,
  mapEntries: 1_000,
  listItems: 100,
  timestampLength: 64,
} as const;

/** Free text from a sender: any length up to the input bound, truncated later to the contract's. */
export const inputText = z.string().max(inputLimits.textLength);

/** Free text that must be present and not blank. */
export const requiredText = z
  .string()
  .max(inputLimits.textLength)
  .refine((value) => value.trim().length > 0, 'must not be empty');

/** A label or annotation map as Prometheus-style senders send it: string keys, string values. */
export function inputStringMap() {
  return z
    .record(z.string().max(inputLimits.keyLength), inputText)
    .refine((map) => Object.keys(map).length <= inputLimits.mapEntries, `must have at most ${inputLimits.mapEntries} entries`);
}

/**
 * An ISO-8601 timestamp with a time zone (`Z`, `+02:00` or `+0200`; up to
 * nanoseconds, as Go prints them). A timestamp without a zone is refused: it
 * would be read in this process's local time, which is nobody's intent.
 */
export const inputTimestamp = z
  .string()
  .max(inputLimits.timestampLength)
  .refine((value) => parseTimestamp(value) !== undefined, 'must be an ISO-8601 timestamp with a time zone, e.g. 2024-05-01T12:00:00Z');
