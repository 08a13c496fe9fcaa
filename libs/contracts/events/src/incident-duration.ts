const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * How long an incident lasted, in the words every consumer shows people: the
 * ticket's resolution note and the public status page say the same thing for
 * the same incident. It lives beside the incident contract because the times
 * it measures are the contract's, and a consumer that words them its own way
 * tells the same outage as "1m" in one place and "2 min" in another.
 *
 * The rule: two units at most, and the smaller unit shown is rounded to the
 * nearest (half up) before anything is split, so a total never reads as
 * "1 h 60 min": under a minute in seconds (`45 s`), under an hour in minutes
 * (`2 min` for 95 s), under a day in hours and minutes (`1 h 12 min`), then
 * days and hours (`2 d 3 h`). Spelled-out units because `1m` reads as a month.
 */
export function formatDuration(milliseconds: number): string {
  const elapsed = Math.max(0, milliseconds);
  const seconds = Math.round(elapsed / second);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(elapsed / minute);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return twoUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  const hours = Math.round(elapsed / hour);
  return twoUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function twoUnits(large: number, largeUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${large} ${largeUnit}` : `${large} ${largeUnit} ${small} ${smallUnit}`;
}
