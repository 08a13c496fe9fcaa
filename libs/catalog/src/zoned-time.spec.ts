import { epochDay, isValidTimeZone, minuteOfDay, offsetAt, wallClock, weekdayOf, zonedInstant } from './zoned-time';

const hour = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('isValidTimeZone', () => {
  it('accepts IANA names and UTC', () => {
    expect(['Europe/Berlin', 'America/New_York', 'UTC', 'Etc/GMT+1'].filter(isValidTimeZone)).toHaveLength(4);
  });

  it('refuses unknown names, fixed offsets and empty text', () => {
    expect(['Europe/Berlinn', 'Mars/Olympus', '+01:00', '', 'Europe/ Berlin'].filter(isValidTimeZone)).toEqual([]);
  });
});

describe('offsetAt', () => {
  it('follows Berlin from CET to CEST and back', () => {
    expect(offsetAt(at('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(1 * hour);
    expect(offsetAt(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(2 * hour);
    expect(offsetAt(at('2026-10-25T00:59:59Z'), 'Europe/Berlin')).toBe(2 * hour);
    expect(offsetAt(at('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(1 * hour);
  });

  it('is negative west of Greenwich', () => {
    expect(offsetAt(at('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * hour);
  });
});

describe('wallClock', () => {
  it('gives the local date and minute, which may be another day than in UTC', () => {
    expect(wallClock(new Date('2026-01-15T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: epochDay('2026-01-16'), minute: 30 });
    expect(wallClock(new Date('2026-01-16T03:15:00Z'), 'America/New_York')).toEqual({ day: epochDay('2026-01-15'), minute: 22 * 60 + 15 });
  });
});

describe('zonedInstant', () => {
  it('turns a local time into the instant, in winter and in summer', () => {
    expect(zonedInstant(epochDay('2026-01-15'), minuteOfDay('09:00'), 'Europe/Berlin')).toBe(at('2026-01-15T08:00:00Z'));
    expect(zonedInstant(epochDay('2026-07-15'), minuteOfDay('09:00'), 'Europe/Berlin')).toBe(at('2026-07-15T07:00:00Z'));
  });

  it('pushes a time inside the spring-forward gap forward by the gap', () => {
    // 02:30 does not exist in Berlin on 2026-03-29; it becomes 03:30 CEST.
    expect(zonedInstant(epochDay('2026-03-29'), minuteOfDay('02:30'), 'Europe/Berlin')).toBe(at('2026-03-29T01:30:00Z'));
  });

  it('takes the first of two occurrences when the clocks go back', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(zonedInstant(epochDay('2026-10-25'), minuteOfDay('02:30'), 'Europe/Berlin')).toBe(at('2026-10-25T00:30:00Z'));
  });
});

describe('weekdayOf', () => {
  it('names the weekday of a local date', () => {
    expect(weekdayOf(epochDay('1970-01-01'))).toBe('thursday');
    expect(weekdayOf(epochDay('2026-03-29'))).toBe('sunday');
    expect(weekdayOf(epochDay('2026-01-05'))).toBe('monday');
    expect(weekdayOf(epochDay('1969-12-31'))).toBe('wednesday');
  });
});
