import { HooklineError } from '@hookline/platform/errors';
import { decodeCursor, encodeCursor } from './entry-queries';

describe('entry cursors', () => {
  it('round-trips the opening time to the microsecond and the incident id', () => {
    const cursor = encodeCursor('2026-03-01T00:00:00.123456Z', 'b3f1c0de-0000-4000-8000-000000000001');

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ openedAt: '2026-03-01T00:00:00.123456Z', incidentId: 'b3f1c0de-0000-4000-8000-000000000001' });
  });

  it('refuses a cursor it did not make', () => {
    for (const cursor of ['not-a-cursor', Buffer.from('["yesterday","x"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      expect(() => decodeCursor(cursor)).toThrow(HooklineError);
    }
  });
});
