import { severityFromPriority, severityFromWord } from './severity';

describe('severity words', () => {
  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['error', 'error'],
    ['high', 'error'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['medium', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['none', 'info'],
  ])('maps %s to %s', (word, severity) => {
    expect(severityFromWord(word)).toBe(severity);
  });

  it('ignores case and surrounding spaces', () => {
    expect(severityFromWord(' CRITICAL ')).toBe('critical');
  });

  it('maps an unknown word to warning', () => {
    expect(severityFromWord('sev-unknown')).toBe('warning');
  });

  it('maps a missing word to warning', () => {
    expect(severityFromWord(undefined)).toBe('warning');
  });

  it('does not mistake a prototype member name for a severity', () => {
    expect(severityFromWord('constructor')).toBe('warning');
  });
});

describe('priorities', () => {
  it.each([
    ['P1', 'critical'],
    ['P2', 'error'],
    ['P3', 'warning'],
    ['P4', 'info'],
    ['P5', 'info'],
  ])('maps %s to %s', (priority, severity) => {
    expect(severityFromPriority(priority)).toBe(severity);
  });

  it('has no severity for an unknown priority', () => {
    expect(severityFromPriority('P9')).toBeUndefined();
  });
});
