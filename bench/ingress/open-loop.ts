import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { machineBusyPercent, machineCpu, processCpuMs, type MachineCpuSample } from '../shared/cpu';
import { AlertmanagerDeliveries, type SignedDelivery, StandardWebhooksSigner } from './deliveries';
import type { StepRequest, StepResult } from './load-protocol';
import { summarise } from '../shared/percentiles';

// Status codes below zero are the generator's own verdicts, not the server's.
const TIMEOUT = -1;
const NETWORK_ERROR = -2;

interface CpuSnapshot {
  at: number;
  server: number | undefined;
  own: NodeJS.CpuUsage;
  machine: MachineCpuSample;
}

/**
 * One open-loop step: requests leave on a fixed schedule (`rate` per second)
 * whether or not earlier ones were answered, and each latency is measured
 * from the request's *scheduled* time. A server that stalls therefore shows
 * the queue it caused instead of slowing the generator down and hiding it
 * (coordinated omission). Requests beyond `maxSockets` wait in the agent's
 * queue, and that wait is part of their latency, as it is for a real sender.
 */
export async function runStep(step: StepRequest): Promise<StepResult> {
  const total = Math.ceil((step.rate * (step.warmupMs + step.measureMs)) / 1000);
  // Bodies and signatures are made before the clock starts, so the generator
  // spends the measured window sending, not building JSON and HMACs that
  // would compete for the same two cores as the server.
  const generator = new AlertmanagerDeliveries(new StandardWebhooksSigner(step.secret));
  const now = new Date();
  const deliveries: SignedDelivery[] = Array.from({ length: total }, () => generator.next(now));

  const url = new URL(step.url);
  const agent = new Agent({ keepAlive: true, maxSockets: step.maxSockets });
  const intervalMs = 1000 / step.rate;
  // A short lead, so the first tick is not already late.
  const start = performance.now() + 20;
  const measureFrom = start + step.warmupMs;
  const measureTo = measureFrom + step.measureMs;

  const status = new Int16Array(total);
  const sendLag = new Float64Array(total);
  const latency = new Float64Array(total);
  const completedAt = new Float64Array(total);
  const inFlight: (ClientRequest | undefined)[] = new Array<ClientRequest | undefined>(total);
  const networkErrors = new Map<number, string>();
  let outstanding = 0;
  let next = 0;

  let allSent!: () => void;
  let allAnswered!: () => void;
  const sendingDone = new Promise<void>((resolve) => (allSent = resolve));
  const answeringDone = new Promise<void>((resolve) => (allAnswered = resolve));

  const finish = (index: number, code: number): void => {
    if (status[index] !== 0) return; // an error after the answer (socket closed later) changes nothing
    const at = performance.now();
    status[index] = code;
    completedAt[index] = at;
    latency[index] = at - (start + index * intervalMs);
    inFlight[index] = undefined;
    outstanding -= 1;
    if (outstanding === 0 && next >= total) allAnswered();
  };

  const send = (index: number): void => {
    const scheduled = start + index * intervalMs;
    sendLag[index] = performance.now() - scheduled;
    const delivery = deliveries[index] as SignedDelivery;
    outstanding += 1;
    const request = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...delivery.headers, 'content-type': 'application/json', 'content-length': String(delivery.body.length) },
      },
      (response) => {
        response.resume(); // the body is not needed, but must be read for the socket to be reused
        response.once('end', () => finish(index, response.statusCode ?? 0));
        response.once('error', (error: NodeJS.ErrnoException) => {
          networkErrors.set(index, error.code ?? 'response_error');
          finish(index, NETWORK_ERROR);
        });
      },
    );
    request.once('error', (error: NodeJS.ErrnoException) => {
      networkErrors.set(index, error.code ?? 'request_error');
      finish(index, NETWORK_ERROR);
    });
    inFlight[index] = request;
    request.end(delivery.body);
  };

  // Send everything that is due, then sleep until the next one is: one timer
  // per millisecond at most, however high the rate.
  const tick = (): void => {
    const now = performance.now();
    while (next < total && start + next * intervalMs <= now) send(next++);
    if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    else allSent();
  };

  const snapshots: CpuSnapshot[] = [];
  const snapshot = (): void => {
    snapshots.push({ at: performance.now(), server: step.serverPid === undefined ? undefined : processCpuMs(step.serverPid), own: process.cpuUsage(), machine: machineCpu() });
  };
  const cpuTimers = [setTimeout(snapshot, measureFrom - performance.now()), setTimeout(snapshot, measureTo - performance.now())];

  setTimeout(tick, start - performance.now());
  await sendingDone;
  if (outstanding > 0) {
    const drainTimer = setTimeout(() => {
      for (let index = 0; index < total; index += 1) {
        const request = inFlight[index];
        if (request) {
          finish(index, TIMEOUT);
          request.destroy();
        }
      }
    }, step.drainMs);
    await answeringDone;
    clearTimeout(drainTimer);
  }
  cpuTimers.forEach(clearTimeout);
  agent.destroy();

  return summariseStep(step, { start, intervalMs, measureFrom, measureTo, status, sendLag, latency, completedAt, networkErrors, deliveries, snapshots });
}

interface Recorded {
  start: number;
  intervalMs: number;
  measureFrom: number;
  measureTo: number;
  status: Int16Array;
  sendLag: Float64Array;
  latency: Float64Array;
  completedAt: Float64Array;
  networkErrors: Map<number, string>;
  deliveries: SignedDelivery[];
  snapshots: CpuSnapshot[];
}

function summariseStep(step: StepRequest, recorded: Recorded): StepResult {
  const { start, intervalMs, measureFrom, measureTo, status } = recorded;
  const acceptedLatencies: number[] = [];
  const lags: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let bodyBytes = 0;
  let answeredInWindow = 0;
  for (let index = 0; index < status.length; index += 1) {
    const completed = recorded.completedAt[index] ?? 0;
    if (status[index] === 202 && completed >= measureFrom && completed < measureTo) answeredInWindow += 1;
    const scheduled = start + index * intervalMs;
    if (scheduled < measureFrom || scheduled >= measureTo) continue;
    sent += 1;
    bodyBytes += recorded.deliveries[index]?.body.length ?? 0;
    lags.push(recorded.sendLag[index] ?? 0);
    const code = status[index] ?? 0;
    if (code === 202) acceptedLatencies.push(recorded.latency[index] ?? 0);
    else {
      const reason = code === TIMEOUT ? 'timeout' : code === NETWORK_ERROR ? (recorded.networkErrors.get(index) ?? 'network') : String(code);
      errors[reason] = (errors[reason] ?? 0) + 1;
    }
  }
  const measureSeconds = (measureTo - measureFrom) / 1000;
  const lag = summarise(lags);
  const cpu = cpuFigures(recorded.snapshots, measureTo - measureFrom);
  return {
    target: step.target,
    offeredRate: step.rate,
    measureSeconds,
    sent,
    accepted: acceptedLatencies.length,
    acceptedFraction: sent === 0 ? 0 : acceptedLatencies.length / sent,
    achievedRate: answeredInWindow / measureSeconds,
    errors,
    latencyMs: summarise(acceptedLatencies),
    sendLagMs: { p99: lag.p99, max: lag.max },
    cpu: cpu.figures,
    serverCpuMicrosPerRequest: cpu.serverMs === undefined || answeredInWindow === 0 ? undefined : (cpu.serverMs * 1000) / answeredInWindow,
    meanBodyBytes: sent === 0 ? 0 : bodyBytes / sent,
  };
}

/** CPU over the measured window; `serverMs` scaled to the nominal window, as the request count is (timers fire a little late). */
function cpuFigures(snapshots: CpuSnapshot[], windowMs: number): { figures: StepResult['cpu']; serverMs: number | undefined } {
  const [from, to] = snapshots;
  if (!from || !to) return { figures: { server: undefined, loadGenerator: 0, machine: 0 }, serverMs: undefined };
  const wallMs = to.at - from.at;
  const serverMs = from.server === undefined || to.server === undefined ? undefined : to.server - from.server;
  const ownMs = (to.own.user + to.own.system - from.own.user - from.own.system) / 1000;
  return {
    figures: {
      server: serverMs === undefined ? undefined : (100 * serverMs) / wallMs,
      loadGenerator: (100 * ownMs) / wallMs,
      machine: machineBusyPercent(from.machine, to.machine),
    },
    serverMs: serverMs === undefined ? undefined : (serverMs * windowMs) / wallMs,
  };
}
