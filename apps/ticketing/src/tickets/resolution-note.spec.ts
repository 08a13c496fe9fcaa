import type { IncidentData } from '@hookline/contracts/events';
import { formatDuration, resolutionNote } from './resolution-note';

const incident = (overrides: Partial<IncidentData>): IncidentData => ({
  incidentId: 'inc-1',
  revision: 3,
  correlationKey: 'key',
  title: 'Checkout requests fail',
  status: 'resolved',
  severity: 'critical',
  openedAt: '2026-03-10T12:00:00.000Z',
  resolvedAt: '2026-03-10T12:42:10.000Z',
  alertCount: 1,
  flapping: false,
  test: false,
  ...overrides,
});

describe('the resolution note a ticket closes with', () => {
  it('says a single alert recovered', () => {
    expect(resolutionNote(incident({ resolution: { reason: 'alerts_resolved' } }))).toBe('Resolved after 42m, 1 alert: the alert recovered.');
  });

  it('names who resolved it by hand and carries their note', () => {
    expect(resolutionNote(incident({ alertCount: 5, resolution: { reason: 'manual', resolvedBy: 'alice', note: 'rolled back 1.4.2' } }))).toBe(
      'Resolved after 42m, 5 alerts: resolved by hand by alice. Note: rolled back 1.4.2',
    );
  });

  it('explains an auto-resolve after silence', () => {
    expect(resolutionNote(incident({ alertCount: 2, resolution: { reason: 'timeout' } }))).toBe(
      'Resolved after 42m, 2 alerts: no alert arrived for the auto-resolve period.',
    );
  });
});

describe('durations', () => {
  it.each([
    [45_000, '45s'],
    [12 * 60_000, '12m'],
    [72 * 60_000, '1h 12m'],
    [2 * 3_600_000, '2h'],
    [51 * 3_600_000, '2d 3h'],
  ])('writes %i ms as %s', (milliseconds, text) => {
    expect(formatDuration(milliseconds)).toBe(text);
  });
});
