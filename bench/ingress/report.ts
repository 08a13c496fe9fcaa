import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { KAFKA_VERSION } from '@hookline/infra';
import type { StepResult } from './load-protocol';
import type { StepRecord, TargetName, TargetOutcome } from './procedure';

/**
 * A step "kept up" when the ingress's delivery log ended it less than this
 * many seconds of deliveries behind. Steps are seconds long and start with
 * the log caught up, so the consumer can fall behind unseen: a rate at which
 * it does is one the ingress answers for a few seconds, not for an hour.
 */
const backlogToleranceSeconds = 1;

function keptUp(record: StepRecord): boolean {
  return (record.notes.deliveryLogBacklog ?? 0) <= record.result.offeredRate * backlogToleranceSeconds;
}

export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  node: string;
  kafka: string;
  os: string;
}

export interface TargetSummary {
  /** Achieved 202s per second at the highest sustained step; null when not even the first step was sustained. */
  maxSustainedPerSecond: number | null;
  offeredAtMax: number | null;
  /** Server CPU per accepted request at that step. */
  serverCpuMicrosPerRequest: number | null;
  halfRatePerSecond: number | null;
  latencyAtHalfRateMs: { p50: number; p99: number; p999: number } | null;
  /** Non-202 answers in the half-rate run. */
  errorsAtHalfRate: Record<string, number>;
  /** The best sustained step at whose end the delivery log was less than a second behind; null when none was. */
  maxKeepingUpPerSecond: number | null;
}

/** Server CPU per 202 of both targets at one rate both sustained, the ingress's delivery log keeping up. */
export interface CostComparison {
  rate: number;
  baselineMicros: number;
  ingressMicros: number;
  /** ingress ÷ baseline: what the framework and the app's extras cost, per request, on top of the shared work. */
  ratio: number;
}

export interface Check {
  description: string;
  actual: string;
  passed: boolean;
}

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  settings: Record<string, unknown>;
  targets: Record<TargetName, TargetSummary>;
  /** Ingress max throughput ÷ baseline max throughput. */
  throughputRatio: number | null;
  costComparison: CostComparison | null;
  checks: Check[];
  steps: StepRecord[];
}

/** The targets the ingress is held to (see bench/README.md). */
export const goals = { ratioToBaseline: 0.85, minPerSecond: 3_000, maxP99AtHalfRateMs: 25 };

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cpuCount: cores.length,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kafka: `${KAFKA_VERSION} (local KRaft, 1 broker)`,
    os: `${process.platform} ${release()}`,
  };
}

export function summariseTarget(outcome: TargetOutcome, steps: readonly StepRecord[]): TargetSummary {
  const { best, halfRate } = outcome;
  const keepingUp = steps.filter((record) => record.phase !== 'latency' && record.sustained && keptUp(record));
  const bestKeepingUp = Math.max(...keepingUp.map((record) => record.result.achievedRate));
  return {
    maxKeepingUpPerSecond: keepingUp.length === 0 ? null : Math.round(bestKeepingUp),
    maxSustainedPerSecond: best ? Math.round(best.achievedRate) : null,
    offeredAtMax: best?.offeredRate ?? null,
    serverCpuMicrosPerRequest: best?.serverCpuMicrosPerRequest === undefined ? null : Math.round(best.serverCpuMicrosPerRequest),
    halfRatePerSecond: halfRate?.offeredRate ?? null,
    latencyAtHalfRateMs: halfRate ? { p50: halfRate.latencyMs.p50, p99: halfRate.latencyMs.p99, p999: halfRate.latencyMs.p999 } : null,
    errorsAtHalfRate: halfRate?.errors ?? {},
  };
}

/**
 * The steadiest comparison a noisy box allows: CPU per request of both
 * servers at the highest ramp rate both sustained (with the delivery log
 * keeping up, so none of the ingress's work was deferred past the step).
 */
export function compareCost(steps: readonly StepRecord[]): CostComparison | null {
  const at = (target: TargetName, rate: number) =>
    steps.find((record) => record.result.target === target && record.result.offeredRate === rate && record.phase !== 'latency' && record.sustained && keptUp(record))
      ?.result.serverCpuMicrosPerRequest;
  const rates = [...new Set(steps.map((record) => record.result.offeredRate))].sort((a, b) => b - a);
  for (const rate of rates) {
    const baselineMicros = at('baseline', rate);
    const ingressMicros = at('ingress', rate);
    if (baselineMicros !== undefined && ingressMicros !== undefined) {
      return { rate, baselineMicros: Math.round(baselineMicros), ingressMicros: Math.round(ingressMicros), ratio: ingressMicros / baselineMicros };
    }
  }
  return null;
}

export function evaluate(targets: Record<TargetName, TargetSummary>): { throughputRatio: number | null; checks: Check[] } {
  const { ingress, baseline } = targets;
  const throughputRatio =
    ingress.maxSustainedPerSecond !== null && baseline.maxSustainedPerSecond ? ingress.maxSustainedPerSecond / baseline.maxSustainedPerSecond : null;
  // Null after a latency run without a single 202 (NaN does not survive the generator's IPC).
  const p99 = ingress.latencyAtHalfRateMs?.p99 ?? undefined;
  return {
    throughputRatio,
    checks: [
      {
        description: `ingress throughput ≥ ${goals.ratioToBaseline} × baseline`,
        actual: throughputRatio === null ? 'n/a' : `${throughputRatio.toFixed(2)} ×`,
        passed: throughputRatio !== null && throughputRatio >= goals.ratioToBaseline,
      },
      {
        description: `ingress ≥ ${thousands(goals.minPerSecond)} accepted/s`,
        actual: ingress.maxSustainedPerSecond === null ? 'n/a' : `${thousands(ingress.maxSustainedPerSecond)}/s`,
        passed: (ingress.maxSustainedPerSecond ?? 0) >= goals.minPerSecond,
      },
      {
        description: `ingress p99 ≤ ${goals.maxP99AtHalfRateMs} ms at half of its max rate`,
        actual: spacedMs(p99),
        passed: p99 !== undefined && p99 <= goals.maxP99AtHalfRateMs,
      },
    ],
  };
}

/** One line per step while the run goes, so a long run shows progress and a surprise shows where it happened. */
export function formatStep(record: StepRecord): string {
  const r: StepResult = record.result;
  const errors = formatErrors(r.errors);
  return [
    `${record.phase.padEnd(7)} ${r.target.padEnd(8)} ${String(r.offeredRate).padStart(6)}/s →`,
    `${Math.round(r.achievedRate).toString().padStart(6)}/s`,
    `${(100 * r.acceptedFraction).toFixed(1).padStart(5)}% 202`,
    `p50 ${ms(r.latencyMs.p50)} p99 ${ms(r.latencyMs.p99)} p99.9 ${ms(r.latencyMs.p999)}`,
    `cpu server ${pct(r.cpu.server)} gen ${pct(r.cpu.loadGenerator)} box ${pct(r.cpu.machine)}`,
    `${r.serverCpuMicrosPerRequest === undefined ? '' : `${Math.round(r.serverCpuMicrosPerRequest)} µs/req`}`,
    record.sustained ? 'ok' : 'NOT SUSTAINED',
    errors === 'none' ? '' : `errors ${errors}`,
    r.sendLagMs.p99 > 5 ? `(generator lag p99 ${ms(r.sendLagMs.p99)})` : '',
    record.notes.settledMs === undefined ? '' : `settled in ${(record.notes.settledMs / 1000).toFixed(1)} s`,
    record.notes.deliveryLogBacklog ? `delivery-log backlog ${thousands(record.notes.deliveryLogBacklog)}${keptUp(record) ? '' : ' (fell behind)'}` : '',
  ]
    .filter((part) => part !== '')
    .join('  ');
}

export function formatReport(report: BenchReport): string {
  const header = ['target', 'max sustained', 'CPU/req', 'half rate', 'p50', 'p99', 'p99.9', 'errors'];
  const rows = (Object.entries(report.targets) as [TargetName, TargetSummary][]).map(([name, summary]) => [
    name,
    summary.maxSustainedPerSecond === null ? 'n/a' : `${thousands(summary.maxSustainedPerSecond)}/s`,
    summary.serverCpuMicrosPerRequest === null ? 'n/a' : `${summary.serverCpuMicrosPerRequest} µs`,
    summary.halfRatePerSecond === null ? 'n/a' : `${thousands(summary.halfRatePerSecond)}/s`,
    spacedMs(summary.latencyAtHalfRateMs?.p50),
    spacedMs(summary.latencyAtHalfRateMs?.p99),
    spacedMs(summary.latencyAtHalfRateMs?.p999),
    formatErrors(summary.errorsAtHalfRate),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('   ');
  const { machine } = report;
  return [
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `ingress ÷ baseline throughput: ${report.throughputRatio === null ? 'n/a' : report.throughputRatio.toFixed(2)}`,
    `ingress best rate with its delivery log keeping up: ${report.targets.ingress.maxKeepingUpPerSecond === null ? 'n/a' : `${thousands(report.targets.ingress.maxKeepingUpPerSecond)}/s`}`,
    report.costComparison
      ? `CPU per request at ${thousands(report.costComparison.rate)}/s: ingress ${report.costComparison.ingressMicros} µs, baseline ${report.costComparison.baselineMicros} µs ` +
        `(${report.costComparison.ratio.toFixed(2)} ×, i.e. a CPU-bound ingress at ~${(1 / report.costComparison.ratio).toFixed(2)} × the baseline's throughput)`
      : 'CPU per request: no rate both sustained with the delivery log keeping up',
    ...report.checks.map((check) => `  ${check.passed ? 'PASS' : 'FAIL'}  ${check.description}: ${check.actual}`),
    '',
    `machine: ${machine.cpuModel}, ${machine.cpuCount} CPUs, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, Kafka ${machine.kafka}, ${machine.os}`,
    `run took ${Math.round(report.durationSeconds)} s; latency is from each request's scheduled send time to its 202, accepted requests only`,
    '',
  ].join('\n');
}

export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

function formatErrors(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  return entries.length === 0 ? 'none' : entries.map(([reason, count]) => `${reason}×${count}`).join(', ');
}

function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)}ms` : 'n/a';
}

/** As in the table; a step without a single 202 has no latencies (NaN, which arrives over IPC as null). */
function spacedMs(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a';
}

function pct(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${Math.round(value)}%`;
}
