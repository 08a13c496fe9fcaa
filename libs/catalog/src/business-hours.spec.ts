import { isWithinBusinessHours } from './business-hours';
import type { BusinessHours } from './catalog.schema';

const berlinOffice: BusinessHours = {
  timeZone: 'Europe/Berlin',
  days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  start: '09:00',
  end: '17:00',
};

const within = (iso: string, hours: BusinessHours = berlinOffice) => isWithinBusinessHours(hours, new Date(iso));

describe('isWithinBusinessHours', () => {
  it('starts at 09:00 local in winter (08:00Z)', () => {
    expect([within('2026-01-13T07:59:00Z'), within('2026-01-13T08:00:00Z')]).toEqual([false, true]);
  });

  it('starts at 09:00 local in summer (07:00Z)', () => {
    expect([within('2026-07-14T06:59:00Z'), within('2026-07-14T07:00:00Z')]).toEqual([false, true]);
  });

  it('ends at 17:00 local, exclusive', () => {
    expect([within('2026-01-13T15:59:00Z'), within('2026-01-13T16:00:00Z')]).toEqual([true, false]);
  });

  it('is closed on days not listed, judged by the local date', () => {
    expect(within('2026-01-17T12:00:00Z')).toBe(false); // Saturday
    expect(within('2026-01-18T12:00:00Z')).toBe(false); // Sunday
  });

  it('judges the weekday in its own time zone, not in UTC', () => {
    // Monday 09:30 in Tokyo is still Sunday in UTC.
    const tokyo: BusinessHours = { ...berlinOffice, timeZone: 'Asia/Tokyo' };
    expect(within('2026-01-19T00:30:00Z', tokyo)).toBe(true);
    expect(within('2026-01-19T00:30:00Z')).toBe(false);
  });

  it('can run until midnight with end "24:00"', () => {
    const late: BusinessHours = { ...berlinOffice, end: '24:00' };
    expect(within('2026-01-13T22:59:00Z', late)).toBe(true);
    expect(within('2026-01-13T23:00:00Z', late)).toBe(false);
  });
});
