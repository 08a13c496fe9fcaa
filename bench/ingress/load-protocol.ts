import type { LatencySummary } from '../shared/percentiles';

/** What `run.ts` asks the load generator (over the fork's IPC channel) to do: one open-loop step. */
export interface StepRequest {
  /** Shown in results; `baseline` or `ingress`. */
  target: string;
  /** Full webhook URL, e.g. http://127.0.0.1:41234/webhooks/<integration-id>. */
  url: string;
  /** The integration's Standard Webhooks secret (`whsec_…`). */
  secret: string;
  /** The server's pid, so its CPU time over the measured window can be read from /proc. */
  serverPid?: number;
  /** Offered arrival rate, requests per second. */
  rate: number;
  /** Sent at `rate` but not measured: fills connection pools, JIT caches and the publisher's batches. */
  warmupMs: number;
  measureMs: number;
  /** After the last send, how long outstanding requests may take before they count as timeouts. */
  drainMs: number;
  maxSockets: number;
}

export interface CpuFigures {
  /** Percent of one core used by the server process over the measured window; undefined off Linux. */
  server: number | undefined;
  /** Percent of one core used by the load generator itself: near 100 means the generator, not the server, is the limit. */
  loadGenerator: number;
  /** Percent of the whole machine (all cores) busy. */
  machine: number;
}

/** One step's outcome, about the requests scheduled inside the measured window. */
export interface StepResult {
  target: string;
  offeredRate: number;
  measureSeconds: number;
  /** Requests scheduled in the window. */
  sent: number;
  /** Of those, answered 202. */
  accepted: number;
  acceptedFraction: number;
  /** 202 answers that arrived during the window, per second: what the server really got through. */
  achievedRate: number;
  /** Everything that was not a 202, by status code or error (`timeout`, `ECONNRESET`, …). */
  errors: Record<string, number>;
  /** From each request's scheduled send time to the end of its 202 answer. */
  latencyMs: LatencySummary;
  /** How late the generator actually sent (its own event-loop lag); large values taint the step. */
  sendLagMs: { p99: number; max: number };
  cpu: CpuFigures;
  /** Server CPU per accepted request over the window, in microseconds: the cost, independent of how busy the box was. */
  serverCpuMicrosPerRequest: number | undefined;
  meanBodyBytes: number;
}

export type ToLoadGenerator = { kind: 'step'; id: number; request: StepRequest };

export type FromLoadGenerator = { kind: 'result'; id: number; result: StepResult } | { kind: 'failed'; id: number; message: string };
