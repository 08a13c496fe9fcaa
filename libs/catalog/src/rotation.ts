import type { Rotation, RotationOverride, TeamEntry } from './catalog.schema';
import { epochDay, minuteOfDay, wallClock, zonedInstant } from './zoned-time';

/** One rotation shift: who holds it and when it starts and ends. */
export interface Shift {
  person: string;
  /** Shifts since the rotation's start (negative before it). */
  number: number;
  startsAt: Date;
  endsAt: Date;
}

export interface OnCall {
  person: string;
  source: 'rotation' | 'override';
  /** The override's reason, when an override applies and gives one. */
  reason?: string;
}

/**
 * The rotation shift holding `at`. Hand-offs happen at `handOffTime` on the
 * team's local wall clock, so a 09:00 hand-off stays at 09:00 when the clocks
 * change and the shift spanning the change is an hour shorter or longer. A
 * hand-off time that does not exist that night (inside a spring-forward gap)
 * moves forward by the gap (02:30 becomes 03:30); one that happens twice
 * (clocks going back) hands off the first time, and only once.
 *
 * Before `start`, the rotation is extended backwards in the same order, so a
 * team is never without someone on call.
 */
export function shiftAt(rotation: Rotation, timeZone: string, at: Date): Shift {
  const period = rotation.handOff === 'daily' ? 1 : 7;
  const handOffMinute = minuteOfDay(rotation.handOffTime);
  const startDay = epochDay(rotation.start);

  // The local date of the latest hand-off moment at or before `at`, if there were one every day.
  let day = wallClock(at, timeZone).day;
  if (at.getTime() < zonedInstant(day, handOffMinute, timeZone)) day -= 1;

  // Weekly rotations start on their hand-off day (the schema checks it), so shifts begin every 7 days from `start`.
  const number = Math.floor((day - startDay) / period);
  const shiftStartDay = startDay + number * period;
  const members = rotation.members;
  const person = members[((number % members.length) + members.length) % members.length];
  if (person === undefined) throw new Error('a rotation must have at least one member');
  return {
    person,
    number,
    startsAt: new Date(zonedInstant(shiftStartDay, handOffMinute, timeZone)),
    endsAt: new Date(zonedInstant(shiftStartDay + period, handOffMinute, timeZone)),
  };
}

/**
 * The override in force at `at` (`from` inclusive, `to` exclusive). When
 * several overlap, the one that started last wins: it is the more specific
 * arrangement (a day off inside a covered week); on equal starts, the one
 * listed last wins.
 */
export function activeOverride(overrides: readonly RotationOverride[], at: Date): RotationOverride | undefined {
  const time = at.getTime();
  let winner: RotationOverride | undefined;
  for (const override of overrides) {
    const from = Date.parse(override.from);
    if (from > time || time >= Date.parse(override.to)) continue;
    if (winner === undefined || from >= Date.parse(winner.from)) winner = override;
  }
  return winner;
}

/** Who is on call for a team at `at`: an active override, otherwise the rotation. */
export function onCallAt(team: Pick<TeamEntry, 'rotation' | 'timeZone' | 'overrides'>, at: Date): OnCall {
  const override = activeOverride(team.overrides, at);
  if (override !== undefined) {
    return override.reason === undefined
      ? { person: override.person, source: 'override' }
      : { person: override.person, source: 'override', reason: override.reason };
  }
  return { person: shiftAt(team.rotation, team.timeZone, at).person, source: 'rotation' };
}
