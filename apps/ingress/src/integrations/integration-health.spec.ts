import { noActivity } from './integration-activity';
import { failingAfterRefusals, integrationHealth } from './integration-health';

const createdAt = new Date('2026-01-01T00:00:00Z');
const at = (iso: string) => new Date(iso);
const refused = { at: at('2026-01-01T01:00:00Z'), httpStatus: 401, outcome: 'unauthorized', reason: 'signature mismatch' };

describe('integrationHealth', () => {
  it('is ok without an expectation and without refusals', () => {
    expect(integrationHealth({ createdAt, expectEverySeconds: null }, noActivity, at('2027-01-01T00:00:00Z'))).toEqual({ state: 'ok', reason: null });
  });

  it('is failing once the last deliveries were all refused, naming the latest refusal', () => {
    const activity = { ...noActivity, refusalsSinceAccepted: failingAfterRefusals, lastRefused: refused };

    expect(integrationHealth({ createdAt, expectEverySeconds: null }, activity, at('2026-01-01T01:00:01Z'))).toEqual({
      state: 'failing',
      reason: 'the last 3 deliveries were refused, the latest with 401 (unauthorized)',
    });
  });

  it('stays ok after fewer refusals in a row (a probe, a hiccup)', () => {
    const activity = { ...noActivity, refusalsSinceAccepted: failingAfterRefusals - 1, lastRefused: refused };

    expect(integrationHealth({ createdAt, expectEverySeconds: null }, activity, at('2026-01-01T01:00:01Z')).state).toBe('ok');
  });

  it('is silent when nothing was accepted for longer than expected', () => {
    const activity = { ...noActivity, lastAcceptedAt: at('2026-01-01T00:00:00Z') };

    expect(integrationHealth({ createdAt, expectEverySeconds: 300 }, activity, at('2026-01-01T00:05:00Z')).state).toBe('ok');
    expect(integrationHealth({ createdAt, expectEverySeconds: 300 }, activity, at('2026-01-01T00:05:01Z'))).toEqual({
      state: 'silent',
      reason: 'nothing accepted for 301 s; expected every 300 s',
    });
  });

  it('counts silence from creation for an integration that never received anything', () => {
    expect(integrationHealth({ createdAt, expectEverySeconds: 60 }, noActivity, at('2026-01-01T00:02:00Z'))).toEqual({
      state: 'silent',
      reason: 'nothing accepted for 120 s (never, since it was created); expected every 60 s',
    });
  });

  it('says failing rather than silent when both hold: something is sending, and being refused', () => {
    const activity = { ...noActivity, refusalsSinceAccepted: 5, lastRefused: refused };

    expect(integrationHealth({ createdAt, expectEverySeconds: 60 }, activity, at('2026-02-01T00:00:00Z')).state).toBe('failing');
  });
});
