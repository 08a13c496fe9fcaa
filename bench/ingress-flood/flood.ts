// The junk flood, a process of its own so that its CPU is not the ingress's
// and can be measured (and deprioritised, see run.ts) apart. Forked by run.ts:
// 'start' begins the flood, 'stop' ends it and reports what the junk got.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { summarise } from '../shared/percentiles';
import type { FloodRequest, FloodResult, FromFlood, Outcomes, ToFlood } from './flood-protocol';
import { type JunkKind, junkKindNames, junkRequests, stampHeaders } from './junk';

// A refused request whose answer never comes is the flood's loss, not a reason to stall it.
const requestTimeoutMs = 10_000;

class Flood {
  private stopping = false;
  private sent = 0;
  private readonly outcomesByKind = new Map<JunkKind, Outcomes>(junkKindNames.map((kind) => [kind, {}]));
  private readonly latencies: number[] = [];
  // Keep-alive so the flood reuses what the ingress lets it reuse; refusals before the body close the connection anyway.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  private readonly junk;
  private readonly kinds: JunkKind[];
  private readonly url: URL;
  private readonly started = performance.now();
  private readonly startedCpu = process.cpuUsage();
  private workers: Promise<void>[] = [];

  constructor(private readonly request: FloodRequest) {
    this.junk = junkRequests(request.integrationId);
    this.kinds = request.kinds ?? junkKindNames;
    this.url = new URL(request.baseUrl);
  }

  start(): void {
    this.workers = Array.from({ length: this.request.concurrency }, () => this.work());
  }

  async stop(): Promise<FloodResult> {
    this.stopping = true;
    await Promise.all(this.workers);
    const durationSeconds = (performance.now() - this.started) / 1000;
    const cpu = process.cpuUsage(this.startedCpu);
    this.agent.destroy();
    const byKind = Object.fromEntries(
      junkKindNames.map((kind) => {
        const outcomes = this.outcomesByKind.get(kind) ?? {};
        return [kind, { requests: total(outcomes), outcomes }];
      }),
    ) as FloodResult['byKind'];
    const outcomes: Outcomes = {};
    for (const { outcomes: ofKind } of Object.values(byKind)) for (const [key, count] of Object.entries(ofKind)) outcomes[key] = (outcomes[key] ?? 0) + count;
    const answered = Object.entries(outcomes).filter(([key]) => /^\d+$/.test(key)).reduce((sum, [, count]) => sum + count, 0);
    return {
      durationSeconds,
      requests: this.sent,
      requestsPerSecond: this.sent / durationSeconds,
      byKind,
      outcomes,
      share429: answered === 0 ? 0 : (outcomes['429'] ?? 0) / answered,
      latencyMs: summarise(this.latencies),
      cpuPercent: (100 * (cpu.user + cpu.system)) / 1000 / (durationSeconds * 1000),
    };
  }

  /** One slot of the flood's concurrency: send, wait for the answer, send the next. */
  private async work(): Promise<void> {
    while (!this.stopping) {
      const index = this.sent++;
      if (this.request.maxRate > 0) {
        const due = this.started + (index * 1000) / this.request.maxRate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (this.stopping) return;
      }
      const kind = this.kinds[index % this.kinds.length] as JunkKind;
      const source = this.request.sourceAddresses[index % this.request.sourceAddresses.length] as string;
      const sentAt = performance.now();
      const outcome = await this.send(kind, source);
      this.latencies.push(performance.now() - sentAt);
      const outcomes = this.outcomesByKind.get(kind) as Outcomes;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  }

  /** Resolves with the answer's status, or the network error's code. */
  private send(kind: JunkKind, localAddress: string): Promise<string> {
    const junk = this.junk[kind];
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: string): void => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const request = httpRequest(
        { agent: this.agent, host: this.url.hostname, port: this.url.port, path: junk.path, method: 'POST', localAddress, headers: stampHeaders(junk, Date.now()), timeout: requestTimeoutMs },
        (response) => {
          response.resume();
          response.once('end', () => settle(String(response.statusCode ?? 0)));
          response.once('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'response_error'));
        },
      );
      request.once('timeout', () => {
        settle('timeout');
        request.destroy();
      });
      // A refusal sent before the body was read closes the socket while a large body is still going out: EPIPE or ECONNRESET.
      request.once('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'request_error'));
      request.end(junk.body);
    });
  }
}

function total(outcomes: Outcomes): number {
  return Object.values(outcomes).reduce((sum, count) => sum + count, 0);
}

// Ctrl-C reaches the whole foreground process group; run.ts decides when this process stops.
process.on('SIGINT', () => undefined);
process.on('disconnect', () => process.exit(0));
let flood: Flood | undefined;
const reply = (message: FromFlood): void => void process.send?.(message);
process.on('message', (message: ToFlood) => {
  if (message.kind === 'start') {
    flood = new Flood(message.request);
    flood.start();
    reply({ kind: 'started' });
    return;
  }
  const running = flood;
  flood = undefined;
  if (!running) return reply({ kind: 'failed', message: 'stop without a flood running' });
  running.stop().then(
    (result) => reply({ kind: 'result', result }),
    (error: unknown) => reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
