import type { Rotation, RotationOverride } from './catalog.schema';
import { activeOverride, onCallAt, shiftAt } from './rotation';

const berlin = 'Europe/Berlin';
const minute = 60_000;

function weekly(start: string, members: string[], handOffTime = '09:00'): Rotation {
  return { handOff: 'weekly', handOffDay: 'monday', handOffTime, start, members };
}

function daily(start: string, members: string[], handOffTime = '09:00'): Rotation {
  return { handOff: 'daily', handOffTime, start, members };
}

/** Who holds the shift one minute before `iso` and at `iso`. */
function aroundHandOff(rotation: Rotation, timeZone: string, iso: string): [string, string] {
  const handOff = Date.parse(iso);
  return [shiftAt(rotation, timeZone, new Date(handOff - minute)).person, shiftAt(rotation, timeZone, new Date(handOff)).person];
}

describe('shiftAt, weekly', () => {
  // 2026-01-05 is a Monday; in January Berlin is UTC+1, so 09:00 local is 08:00Z.
  const rotation = weekly('2026-01-05', ['alice', 'bob', 'chen']);

  it('gives the first member the first week', () => {
    expect(shiftAt(rotation, berlin, new Date('2026-01-05T08:00:00Z')).person).toBe('alice');
    expect(shiftAt(rotation, berlin, new Date('2026-01-11T23:00:00Z')).person).toBe('alice');
  });

  it('hands off exactly at 09:00 local on the hand-off day', () => {
    expect(aroundHandOff(rotation, berlin, '2026-01-12T08:00:00Z')).toEqual(['alice', 'bob']);
    expect(aroundHandOff(rotation, berlin, '2026-01-19T08:00:00Z')).toEqual(['bob', 'chen']);
  });

  it('starts over with the first member after the last', () => {
    expect(aroundHandOff(rotation, berlin, '2026-01-26T08:00:00Z')).toEqual(['chen', 'alice']);
  });

  it('hands off on the configured weekday', () => {
    const wednesdays: Rotation = { handOff: 'weekly', handOffDay: 'wednesday', handOffTime: '10:00', start: '2026-01-07', members: ['x', 'y'] };
    expect(aroundHandOff(wednesdays, 'UTC', '2026-01-14T10:00:00Z')).toEqual(['x', 'y']);
    expect(shiftAt(wednesdays, 'UTC', new Date('2026-01-19T10:00:00Z')).person).toBe('y');
  });

  it('extends the rotation backwards before its start', () => {
    expect(aroundHandOff(rotation, berlin, '2026-01-05T08:00:00Z')).toEqual(['chen', 'alice']);
  });
});

describe('shiftAt, daily', () => {
  const rotation = daily('2026-01-01', ['dana', 'eli'], '08:30');

  it('hands off every day at the local hand-off time', () => {
    // New York is UTC-5 in January: 08:30 local is 13:30Z.
    expect(aroundHandOff(rotation, 'America/New_York', '2026-01-02T13:30:00Z')).toEqual(['dana', 'eli']);
    expect(aroundHandOff(rotation, 'America/New_York', '2026-01-03T13:30:00Z')).toEqual(['eli', 'dana']);
  });

  it('keeps the night with the person whose day began that morning', () => {
    // 23:00 local on 2026-01-02 is 04:00Z on 2026-01-03: still eli's shift.
    expect(shiftAt(rotation, 'America/New_York', new Date('2026-01-03T04:00:00Z')).person).toBe('eli');
  });
});

describe('shiftAt across daylight-saving changes (Europe/Berlin)', () => {
  it('hands off at 09:00 local on both sides of the spring change (2026-03-29)', () => {
    const rotation = daily('2026-03-27', ['a', 'b', 'c', 'd']);
    expect(aroundHandOff(rotation, berlin, '2026-03-28T08:00:00Z')).toEqual(['a', 'b']); // 09:00 CET
    expect(aroundHandOff(rotation, berlin, '2026-03-29T07:00:00Z')).toEqual(['b', 'c']); // 09:00 CEST
    expect(aroundHandOff(rotation, berlin, '2026-03-30T07:00:00Z')).toEqual(['c', 'd']);
  });

  it('hands off at 09:00 local on both sides of the autumn change (2026-10-25)', () => {
    const rotation = daily('2026-10-24', ['a', 'b', 'c']);
    expect(aroundHandOff(rotation, berlin, '2026-10-25T07:00:00Z')).toEqual(['a', 'a']); // 07:00Z is 08:00 CET that day: not yet
    expect(aroundHandOff(rotation, berlin, '2026-10-25T08:00:00Z')).toEqual(['a', 'b']); // 09:00 CET
    expect(aroundHandOff(rotation, berlin, '2026-10-24T07:00:00Z')).toEqual(['c', 'a']); // 09:00 CEST the day before
  });

  it('makes the weekly shift spanning the spring change an hour shorter', () => {
    // Mondays 2026-03-23 (CET) and 2026-03-30 (CEST), 09:00 local.
    const rotation = weekly('2026-03-23', ['a', 'b']);
    const shift = shiftAt(rotation, berlin, new Date('2026-03-29T12:00:00Z'));
    expect(shift).toEqual({
      person: 'a',
      number: 0,
      startsAt: new Date('2026-03-23T08:00:00Z'),
      endsAt: new Date('2026-03-30T07:00:00Z'),
    });
    expect(aroundHandOff(rotation, berlin, '2026-03-30T07:00:00Z')).toEqual(['a', 'b']);
  });

  it('makes the weekly shift spanning the autumn change an hour longer', () => {
    // Mondays 2026-10-19 (CEST) and 2026-10-26 (CET), 09:00 local.
    const rotation = weekly('2026-10-19', ['a', 'b']);
    expect(aroundHandOff(rotation, berlin, '2026-10-19T07:00:00Z')).toEqual(['b', 'a']);
    expect(aroundHandOff(rotation, berlin, '2026-10-26T08:00:00Z')).toEqual(['a', 'b']);
    expect(shiftAt(rotation, berlin, new Date('2026-10-26T07:30:00Z')).person).toBe('a');
  });

  it('moves a hand-off time that the spring change skips forward by the gap (02:30 → 03:30 CEST)', () => {
    const rotation = daily('2026-03-28', ['a', 'b'], '02:30');
    expect(aroundHandOff(rotation, berlin, '2026-03-29T01:30:00Z')).toEqual(['a', 'b']);
  });

  it('hands off a repeated hand-off time once, at its first occurrence', () => {
    const rotation = daily('2026-10-24', ['a', 'b'], '02:30');
    expect(aroundHandOff(rotation, berlin, '2026-10-25T00:30:00Z')).toEqual(['a', 'b']);
    // 02:45 CET, after the clocks went back: still b, no second hand-off.
    expect(shiftAt(rotation, berlin, new Date('2026-10-25T01:45:00Z')).person).toBe('b');
  });
});

describe('overrides', () => {
  const override = (person: string, from: string, to: string, reason?: string): RotationOverride =>
    reason === undefined ? { person, from, to } : { person, from, to, reason };
  const team = {
    timeZone: berlin,
    rotation: weekly('2026-01-05', ['alice', 'bob', 'chen']),
    overrides: [override('bob', '2026-01-06T09:00:00+01:00', '2026-01-08T09:00:00+01:00', 'alice travels')],
  };

  it('wins over the rotation while active, from inclusive', () => {
    expect(onCallAt(team, new Date('2026-01-06T07:59:00Z'))).toEqual({ person: 'alice', source: 'rotation' });
    expect(onCallAt(team, new Date('2026-01-06T08:00:00Z'))).toEqual({ person: 'bob', source: 'override', reason: 'alice travels' });
  });

  it('ends at its "to", exclusive', () => {
    expect(onCallAt(team, new Date('2026-01-08T07:59:00Z')).person).toBe('bob');
    expect(onCallAt(team, new Date('2026-01-08T08:00:00Z'))).toEqual({ person: 'alice', source: 'rotation' });
  });

  it('picks the latest-starting of overlapping overrides, whatever the order listed', () => {
    const week = override('dave', '2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z');
    const day = override('erin', '2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z');
    expect(activeOverride([day, week], new Date('2026-01-07T12:00:00Z'))?.person).toBe('erin');
    expect(activeOverride([week, day], new Date('2026-01-07T12:00:00Z'))?.person).toBe('erin');
    expect(activeOverride([day, week], new Date('2026-01-08T12:00:00Z'))?.person).toBe('dave');
  });

  it('picks the one listed last when two start together', () => {
    const first = override('dave', '2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z');
    const second = override('erin', '2026-01-07T00:00:00Z', '2026-01-09T00:00:00Z');
    expect(activeOverride([first, second], new Date('2026-01-07T12:00:00Z'))?.person).toBe('erin');
  });
});
