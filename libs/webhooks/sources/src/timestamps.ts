// Senders speak several time dialects; events carry one: UTC ISO strings ending in `Z`,
// so consumers can compare and sort them as text (see the contract's `timestamp`).

const isoWithZone = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

// The largest instant `toISOString` prints with a four-digit year, which the contract's format requires.
const latestMs = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A zoned ISO-8601 timestamp as a Date; undefined if it is not one. */
export function parseTimestamp(value: string): Date | undefined {
  if (!isoWithZone.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.getTime() > latestMs ? undefined : date;
}

/**
 * Go's zero time (`0001-01-01T00:00:00Z`), which Alertmanager and Grafana send
 * as `endsAt` while an alert fires. It means "no value", never a real instant.
 */
export function isZeroTime(date: Date): boolean {
  return date.getUTCFullYear() <= 1;
}

/** A zoned timestamp in the contract's UTC form; undefined for the zero time or anything unparsable. */
export function toUtcTimestamp(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = parseTimestamp(value);
  return date === undefined || isZeroTime(date) ? undefined : date.toISOString();
}

/** Epoch milliseconds (Datadog's `$DATE`) in the contract's form; undefined outside years 1970–9999. */
export function epochMillisToUtc(ms: number): string | undefined {
  return Number.isFinite(ms) && ms >= 0 && ms <= latestMs ? new Date(ms).toISOString() : undefined;
}

// 1e11 seconds is the year 5138 and 1e11 milliseconds is 1973: no real alert
// time is ambiguous between the two, so the magnitude tells them apart.
const secondsMillisBoundary = 1e11;

/** Epoch seconds or milliseconds, told apart by magnitude. */
export function epochToUtc(value: number): string | undefined {
  return epochMillisToUtc(Math.abs(value) < secondsMillisBoundary ? value * 1000 : value);
}
