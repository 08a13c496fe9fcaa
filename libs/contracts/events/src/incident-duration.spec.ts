import { formatDuration } from './incident-duration';

describe('how long an incident lasted, in words', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [59_400, '59 s'],
    [59_600, '1 min'],
    [95_000, '2 min'],
    [89_000, '1 min'],
    [12 * 60_000, '12 min'],
    [(59 * 60 + 40) * 1_000, '1 h'],
    [72 * 60_000, '1 h 12 min'],
    [2 * 3_600_000, '2 h'],
    [(23 * 3_600 + 59 * 60 + 40) * 1_000, '1 d'],
    [51 * 3_600_000, '2 d 3 h'],
    [(47 * 60 + 40) * 60_000, '2 d'],
  ])('writes %i ms as "%s"', (milliseconds, text) => {
    expect(formatDuration(milliseconds)).toBe(text);
  });

  it('writes a negative duration (clocks that disagree) as no time at all', () => {
    expect(formatDuration(-5_000)).toBe('0 s');
  });
});
