import { expectEverySchema, isoDurationSeconds } from './expect-every';

describe('expectEvery', () => {
  it.each([
    ['PT15M', 900],
    ['PT1H30M', 5_400],
    ['P1D', 86_400],
    ['P1W', 604_800],
    ['P1DT12H', 129_600],
    ['PT90S', 90],
  ])('reads the ISO-8601 duration %s as %i seconds', (text, seconds) => {
    expect(isoDurationSeconds(text)).toBe(seconds);
  });

  it.each(['P', 'PT', 'P1M', 'P1Y', '15m', 'PT1.5H', 'P1DT'])('does not take %s as a duration', (text) => {
    expect(isoDurationSeconds(text)).toBeUndefined();
  });

  it('takes whole seconds or a duration, and null to clear it', () => {
    expect([expectEverySchema.parse(300), expectEverySchema.parse('PT5M'), expectEverySchema.parse(null)]).toEqual([300, 300, null]);
  });

  it('explains a value it refuses', () => {
    const messages = (value: unknown) => expectEverySchema.safeParse(value).error?.issues.map((issue) => issue.message);

    expect(messages('every hour')).toEqual([expect.stringContaining('is not whole seconds or an ISO-8601 duration')]);
    expect(messages('PT30S')).toEqual(['must be at least 60 seconds']);
    expect(messages(100 * 86_400)).toEqual(['must be at most 7776000 seconds (90 days)']);
    expect(messages(90.5)).toHaveLength(1);
  });
});
