import type { IncidentData } from '@hookline/contracts/events';
import { resolutionNote } from './resolution-note';

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
    expect(resolutionNote(incident({ resolution: { reason: 'alerts_resolved' } }))).toBe('Resolved after 42 min, 1 alert: the alert recovered.');
  });

  it('names who resolved it by hand and carries their note', () => {
    expect(resolutionNote(incident({ alertCount: 5, resolution: { reason: 'manual', resolvedBy: 'alice', note: 'rolled back 1.4.2' } }))).toBe(
      'Resolved after 42 min, 5 alerts: resolved by hand by alice. Note: rolled back 1.4.2',
    );
  });

  it('says how long it lasted as the status page does, to the nearest minute', () => {
    expect(resolutionNote(incident({ resolvedAt: '2026-03-10T12:01:35.000Z', resolution: { reason: 'alerts_resolved' } }))).toBe(
      'Resolved after 2 min, 1 alert: the alert recovered.',
    );
  });

  it('explains an auto-resolve after silence', () => {
    expect(resolutionNote(incident({ alertCount: 2, resolution: { reason: 'timeout' } }))).toBe(
      'Resolved after 42 min, 2 alerts: no alert arrived for the auto-resolve period.',
    );
  });
});
