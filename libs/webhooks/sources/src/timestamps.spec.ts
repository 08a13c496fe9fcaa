import { epochToUtc, toUtcTimestamp } from './timestamps';

describe('timestamps', () => {
  it('converts an offset to UTC', () => {
    expect(toUtcTimestamp('2021-10-12T09:51:03.157076+02:00')).toBe('2021-10-12T07:51:03.157Z');
  });

  it('reads an offset without a colon, as PagerDuty’s examples write it', () => {
    expect(toUtcTimestamp('2015-07-17T08:42:58.315+0000')).toBe('2015-07-17T08:42:58.315Z');
  });

  it('reads Go’s zero time as no time', () => {
    expect(toUtcTimestamp('0001-01-01T00:00:00Z')).toBeUndefined();
  });

  it('refuses a time without a zone rather than guess one', () => {
    expect(toUtcTimestamp('2024-05-01T12:00:00')).toBeUndefined();
  });

  it('tells epoch seconds from epoch milliseconds by magnitude', () => {
    expect([epochToUtc(1706711400), epochToUtc(1706711400000)]).toEqual(['2024-01-31T14:30:00.000Z', '2024-01-31T14:30:00.000Z']);
  });
});
