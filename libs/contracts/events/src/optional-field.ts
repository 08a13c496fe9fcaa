/**
 * `{ [key]: value }`, or `{}` when the value is missing (`undefined` or a
 * null column). Spread into an event's data or a record built from a row:
 * an optional field is absent rather than `undefined`, so what is built
 * compares equal to the same event after a JSON round trip.
 */
export function optionalField<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}
