import type { BusinessHours } from './catalog.schema';
import { minuteOfDay, wallClock, weekdayOf } from './zoned-time';

/**
 * True when `at` falls on a business day between `start` (inclusive) and
 * `end` (exclusive) on the wall clock of the business-hours time zone, so
 * "09:00" means 09:00 local in winter and in summer.
 */
export function isWithinBusinessHours(hours: BusinessHours, at: Date): boolean {
  const local = wallClock(at, hours.timeZone);
  if (!hours.days.includes(weekdayOf(local.day))) return false;
  return local.minute >= minuteOfDay(hours.start) && local.minute < minuteOfDay(hours.end);
}
