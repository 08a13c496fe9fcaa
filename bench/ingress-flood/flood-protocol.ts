import type { LatencySummary } from '../shared/percentiles';
import type { JunkKind } from './junk';

/** What `run.ts` asks the flood process (over the fork's IPC channel) to do. */
export interface FloodRequest {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  integrationId: string;
  /** Source addresses to send from, round robin (127.x.y.z: every one reaches a loopback listener on Linux). */
  sourceAddresses: string[];
  /** Requests in flight at once: the flood's bound, whatever the ingress answers. */
  concurrency: number;
  /** Requests per second at most; 0: as fast as `concurrency` allows. */
  maxRate: number;
  /** The junk sent, round robin; every kind when absent. */
  kinds?: JunkKind[];
}

/** Answers (and failures) per HTTP status or network error, e.g. `{ "429": 5000, "404": 120, "ECONNRESET": 3 }`. */
export type Outcomes = Record<string, number>;

export interface FloodResult {
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  byKind: Record<JunkKind, { requests: number; outcomes: Outcomes }>;
  outcomes: Outcomes;
  /** Share of the answers that were 429 (network errors count as not answered). */
  share429: number;
  /** From send to the end of the answer, every answer. */
  latencyMs: LatencySummary;
  /** Percent of one core the flood process used. */
  cpuPercent: number;
}

export type ToFlood = { kind: 'start'; request: FloodRequest } | { kind: 'stop' };

export type FromFlood = { kind: 'started' } | { kind: 'result'; result: FloodResult } | { kind: 'failed'; message: string };
