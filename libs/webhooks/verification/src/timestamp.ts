import type { VerificationFailure } from './verification-result';
import { refused } from './verification-result';

// Unix seconds only: twelve digits reach the year 33658, and a millisecond timestamp
// (thirteen digits) is refused as malformed instead of as merely "outside the tolerance".
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Replay protection: refuses a timestamp that is not Unix seconds or lies more than
 * `toleranceSeconds` away from `now`: in the past (a replay) or in the future (a signature that
 * would stay replayable for longer than the window).
 */
export function checkTimestamp(
  value: string,
  label: string,
  toleranceSeconds: number,
  now: Date,
): VerificationFailure | undefined {
  if (!UNIX_SECONDS.test(value)) return refused(`${label} is not a Unix timestamp in seconds`);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // An invalid Date would make every comparison below false, and so accept any timestamp.
  if (!Number.isFinite(nowSeconds)) throw new TypeError('checkTimestamp: now is not a valid Date');
  if (Math.abs(nowSeconds - Number(value)) > toleranceSeconds) {
    return refused(`${label} outside the ${toleranceSeconds} s tolerance`);
  }
  return undefined;
}
