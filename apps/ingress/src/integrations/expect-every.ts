import { z } from 'zod';

const isoDuration = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const secondsPer = [7 * 86_400, 86_400, 3_600, 60, 1];

/** The least and most a heartbeat may be expected: a minute (finer than a check could notice) to 90 days. */
export const expectEveryBounds = { minSeconds: 60, maxSeconds: 90 * 86_400 };

/** ISO-8601 duration in weeks, days, hours, minutes, seconds (`PT5M`, `P1DT12H`) to seconds; undefined when not one (years and months have no fixed length). */
export function isoDurationSeconds(text: string): number | undefined {
  const match = isoDuration.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  return match.slice(1).reduce((total, part, index) => total + Number(part ?? 0) * (secondsPer[index] ?? 0), 0);
}

/**
 * How often an integration should be heard from: whole seconds, or an ISO-8601
 * duration. Null clears it. Stored and shown as `expectEverySeconds`.
 */
export const expectEverySchema = z
  .union([z.number(), z.string().max(64)], { error: 'must be whole seconds or an ISO-8601 duration (e.g. PT15M, P1D)' })
  .transform((value, context) => {
    if (typeof value === 'number') return value;
    const seconds = isoDurationSeconds(value);
    if (seconds === undefined) {
      context.addIssue({ code: 'custom', message: `"${value}" is not whole seconds or an ISO-8601 duration in weeks, days, hours, minutes and seconds (e.g. PT15M, P1D)` });
      return z.NEVER;
    }
    return seconds;
  })
  .pipe(
    z
      .int()
      .min(expectEveryBounds.minSeconds, { message: `must be at least ${expectEveryBounds.minSeconds} seconds` })
      .max(expectEveryBounds.maxSeconds, { message: `must be at most ${expectEveryBounds.maxSeconds} seconds (90 days)` }),
  )
  .meta({ description: 'The dead-man\'s switch: nothing accepted for longer than this makes the integration "silent". Whole seconds or an ISO-8601 duration (PT15M, P1D).' })
  .nullable();
