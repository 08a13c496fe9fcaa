/**
 * Wall-clock time in an IANA time zone, computed with the runtime's own time
 * zone data (`Intl.DateTimeFormat`), so no date library and no bundled tz
 * database that could drift from the one Node ships.
 *
 * Local dates are counted as whole days since 1970-01-01 ("epoch days"): day
 * arithmetic on them is plain integer arithmetic, free of DST, and turning one
 * back into an instant is a separate, explicit step (`zonedInstant`).
 */

export const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof weekdays)[number];

const msPerMinute = 60_000;
const msPerDay = 86_400_000;

/** The wall clock at one instant in one time zone. */
export interface WallClock {
  /** The local date as days since 1970-01-01. */
  day: number;
  /** Minutes since local midnight, 0–1439. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // h23, not `hour12: false`: some ICU versions print midnight as "24" with the latter.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * True for a name the runtime's time zone data knows ("Europe/Berlin", "UTC").
 * Offsets such as "+01:00" are refused: a fixed offset has no DST, which is
 * rarely what a team in a real place means.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock time as if it were UTC, in milliseconds (seconds precision). */
function wallMillis(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function offsetAt(instant: number, timeZone: string): number {
  const wholeSeconds = Math.floor(instant / 1000) * 1000;
  return wallMillis(wholeSeconds, timeZone) - wholeSeconds;
}

export function wallClock(at: Date | number, timeZone: string): WallClock {
  const wall = wallMillis(typeof at === 'number' ? at : at.getTime(), timeZone);
  const day = Math.floor(wall / msPerDay);
  return { day, minute: Math.floor((wall - day * msPerDay) / msPerMinute) };
}

/**
 * The instant at which the wall clock in `timeZone` shows `minute` on local
 * date `day`. Resolved like Temporal's "compatible" disambiguation: a time
 * that occurs twice (autumn, clocks go back) is its first occurrence; a time
 * that never occurs (spring, clocks skip ahead) is pushed forward by the size
 * of the gap, so 02:30 on a 02:00→03:00 night becomes 03:30.
 */
export function zonedInstant(day: number, minute: number, timeZone: string): number {
  const wall = day * msPerDay + minute * msPerMinute;
  // Any offset is within ±14h, so the offsets a day either side are the ones
  // in force before and after any transition near this wall time.
  const offsetBefore = offsetAt(wall - msPerDay, timeZone);
  const offsetAfter = offsetAt(wall + msPerDay, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => wallMillis(instant, timeZone) === wall,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - offsetBefore;
}

/** `"YYYY-MM-DD"` (already validated) as an epoch day. */
export function epochDay(isoDate: string): number {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  return Math.floor(Date.UTC(year, month - 1, day) / msPerDay);
}

/** `"HH:MM"` (already validated; `"24:00"` allowed) as minutes since midnight. */
export function minuteOfDay(clockTime: string): number {
  const [hours = 0, minutes = 0] = clockTime.split(':').map(Number);
  return hours * 60 + minutes;
}

export function weekdayOf(day: number): Weekday {
  // 1970-01-01 was a Thursday.
  const weekday = weekdays[(((day + 4) % 7) + 7) % 7];
  if (weekday === undefined) throw new Error(`no weekday for epoch day ${day}`);
  return weekday;
}
