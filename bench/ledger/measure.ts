// Timing loops: one query at a time on one connection, as an API request
// would run it. Two clocks: the client's (send to last row parsed by
// node-pg, round trip included) and the server's own planning + execution
// time (EXPLAIN ANALYZE with per-node timing off), which leaves out the
// transport and the client, so a client-side stall (a GC pause in Node)
// shows as the difference between the two.
import type { Client } from 'pg';
import { type LatencySummary, summarise } from '../shared/percentiles';

export interface Measured {
  name: string;
  summary: LatencySummary;
  /** Postgres's planning + execution time of the same queries. */
  server: LatencySummary;
  rows: number;
}

interface ExplainOutput {
  'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }];
}

export async function measure(
  db: Client,
  name: string,
  sql: string,
  parametersOf: (iteration: number) => unknown[],
  options: { iterations: number; warmUp: number },
): Promise<Measured> {
  for (let iteration = 0; iteration < options.warmUp; iteration += 1) await db.query(sql, parametersOf(iteration));
  const latencies = new Float64Array(options.iterations);
  let rows = 0;
  for (let iteration = 0; iteration < options.iterations; iteration += 1) {
    const parameters = parametersOf(options.warmUp + iteration);
    const started = performance.now();
    const result = await db.query(sql, parameters);
    latencies[iteration] = performance.now() - started;
    rows = result.rowCount ?? result.rows.length;
  }
  const server = new Float64Array(options.iterations);
  for (let iteration = 0; iteration < options.iterations; iteration += 1) {
    const result = await db.query<ExplainOutput>(`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) ${sql}`, parametersOf(options.warmUp + iteration));
    const [plan] = result.rows[0]?.['QUERY PLAN'] ?? [];
    server[iteration] = (plan?.['Planning Time'] ?? Number.NaN) + (plan?.['Execution Time'] ?? Number.NaN);
  }
  return { name, summary: summarise(latencies), server: summarise(server), rows };
}

/** Picks from a list in a fixed pseudo-random order (the same run to run), so every iteration asks for something else. */
export function cycle<T>(items: readonly T[]): (iteration: number) => T {
  if (items.length === 0) throw new Error('nothing to pick from');
  return (iteration) => items[(iteration * 7919) % items.length] as T;
}
