import type { StepResult } from '../ingress/load-protocol';
import type { MachineInfo } from '../ingress/report';
import { formatTable } from '../shared/table';
import type { WindowCpu } from './cpu-window';
import type { EventLoopDelay } from './event-loop';
import type { FloodResult, Outcomes } from './flood-protocol';
import { type JunkKind, junkKindNames, junkKinds } from './junk';
import type { KindCost } from './kind-costs';
import type { FloodBenchSettings } from './settings';

/** The issue's goal: signed webhooks' p99 under a junk flood within 2× the same p99 without it. */
export const goal = { maxP99Ratio: 2 };

/** Above this, the box had no CPU left: the slice measures the machine as much as the ingress. */
const saturatedMachinePercent = 95;

export const baselineCondition = 'no flood';

/** One measured slice: the signed load for a few seconds, under one condition (no flood, or a flood from N addresses). */
export interface SliceResult {
  condition: string;
  round: number;
  /** Source addresses of the flood; absent for a slice without one. */
  floodAddresses?: number;
  startedAt: string;
  endedAt: string;
  signed: StepResult;
  /** Over the signed load's measured window: `ingress`, `flood` (the flood process) and the machine. */
  cpu: WindowCpu;
  flood?: FloodResult;
  eventLoop?: EventLoopDelay;
  /** What the operator sees: delivery-log rows of the slice, by HTTP status (junk at unknown ids and 429s are not logged). */
  deliveryLog?: Record<string, number>;
}

export interface ConditionSummary {
  condition: string;
  slices: number;
  acceptedPerSecond: number;
  /** Medians over the condition's slices. */
  p50Ms: number;
  p99Ms: number;
  /** Non-202 answers to the signed load, all slices together. */
  signedErrors: Outcomes;
  ingressCpuPercent: number;
  machineCpuPercent: number;
  eventLoopP99Ms: number;
  flood?: {
    requestsPerSecond: number;
    share429: number;
    cpuPercent: number;
    byKind: Record<JunkKind, { perSecond: number; outcomes: Outcomes }>;
    deliveryLog: Outcomes;
  };
}

export interface FloodVerdict {
  condition: string;
  /** Per round: the flood slice's p99 ÷ the mean p99 of the baseline slices before and after it. */
  roundRatios: number[];
  /** The median of those: the figure against the goal. */
  p99Ratio: number;
  passed: boolean;
  /** The ingress's extra CPU per junk request over the baselines around it (median over rounds). */
  ingressMicrosPerJunkRequest: number | undefined;
  /** In how many of its slices the machine was ≥ 95 % busy. */
  saturatedSlices: number;
}

export interface FloodBenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  settings: FloodBenchSettings & { refusalsPerMinute: string };
  /** How busy the machine was with other work just before this run started anything. */
  machineBusyBeforePercent: number;
  conditions: ConditionSummary[];
  kindCosts?: KindCost[];
  verdicts: FloodVerdict[];
  slices: SliceResult[];
}

export function summarise(slices: readonly SliceResult[]): { conditions: ConditionSummary[]; verdicts: FloodVerdict[] } {
  const names = [...new Set(slices.map((slice) => slice.condition))];
  const conditions = names.map((name) => summariseCondition(name, slices.filter((slice) => slice.condition === name)));
  const verdicts = names.filter((name) => name !== baselineCondition).map((name) => judge(name, slices));
  return { conditions, verdicts };
}

function summariseCondition(condition: string, slices: readonly SliceResult[]): ConditionSummary {
  const floods = slices.flatMap((slice) => (slice.flood ? [{ flood: slice.flood, slice }] : []));
  const floodSeconds = sum(floods.map(({ flood }) => flood.durationSeconds));
  const summary: ConditionSummary = {
    condition,
    slices: slices.length,
    acceptedPerSecond: median(slices.map((slice) => slice.signed.achievedRate)),
    p50Ms: median(slices.map((slice) => slice.signed.latencyMs.p50)),
    p99Ms: median(slices.map((slice) => slice.signed.latencyMs.p99)),
    signedErrors: addOutcomes(slices.map((slice) => slice.signed.errors)),
    ingressCpuPercent: mean(slices.map(ingressCpu)),
    machineCpuPercent: mean(slices.map((slice) => slice.cpu.machine)),
    eventLoopP99Ms: median(slices.map((slice) => slice.eventLoop?.p99 ?? Number.NaN)),
  };
  if (floods.length === 0) return summary;
  const outcomes = addOutcomes(floods.map(({ flood }) => flood.outcomes));
  const answered = sum(Object.entries(outcomes).flatMap(([key, count]) => (/^\d+$/.test(key) ? [count] : [])));
  return {
    ...summary,
    flood: {
      requestsPerSecond: sum(floods.map(({ flood }) => flood.requests)) / floodSeconds,
      share429: answered === 0 ? 0 : (outcomes['429'] ?? 0) / answered,
      cpuPercent: mean(floods.map(({ slice }) => slice.cpu.processes['flood'] ?? Number.NaN)),
      byKind: Object.fromEntries(
        junkKindNames.map((kind) => {
          const ofKind = floods.map(({ flood }) => flood.byKind[kind]);
          return [kind, { perSecond: sum(ofKind.map((entry) => entry.requests)) / floodSeconds, outcomes: addOutcomes(ofKind.map((entry) => entry.outcomes)) }];
        }),
      ) as Record<JunkKind, { perSecond: number; outcomes: Outcomes }>,
      deliveryLog: addOutcomes(floods.map(({ slice }) => slice.deliveryLog ?? {})),
    },
  };
}

/** Each flood slice against the baseline slices on either side of it, so drift of a shared box over the run cancels. */
function judge(condition: string, slices: readonly SliceResult[]): FloodVerdict {
  const pairs = slices.flatMap((slice, index) => {
    if (slice.condition !== condition || !slice.flood) return [];
    const before = slices.slice(0, index).findLast((other) => other.condition === baselineCondition);
    const after = slices.slice(index + 1).find((other) => other.condition === baselineCondition);
    const around = [before, after].filter((other): other is SliceResult => other !== undefined);
    const baselineP99 = mean(around.map((other) => other.signed.latencyMs.p99));
    const extraCpu = ingressCpu(slice) - mean(around.map(ingressCpu));
    // 1 % of one core is 10,000 µs of CPU a second.
    return [{ ratio: slice.signed.latencyMs.p99 / baselineP99, micros: (extraCpu * 10_000) / slice.flood.requestsPerSecond, slice }];
  });
  const p99Ratio = median(pairs.map((pair) => pair.ratio));
  const micros = median(pairs.map((pair) => pair.micros));
  return {
    condition,
    roundRatios: pairs.map((pair) => pair.ratio),
    p99Ratio,
    passed: p99Ratio <= goal.maxP99Ratio && pairs.every((pair) => pair.slice.signed.acceptedFraction >= 0.99),
    ingressMicrosPerJunkRequest: Number.isFinite(micros) ? micros : undefined,
    saturatedSlices: pairs.filter((pair) => pair.slice.cpu.machine >= saturatedMachinePercent).length,
  };
}

export function formatSlice(slice: SliceResult): string {
  const s = slice.signed;
  return [
    `round ${slice.round} ${slice.condition}:`,
    `${thousands(s.achievedRate)} accepted/s of ${s.offeredRate}/s`,
    `p50 ${ms(s.latencyMs.p50)} p99 ${ms(s.latencyMs.p99)}`,
    `ingress CPU ${pct(ingressCpu(slice))} box ${pct(slice.cpu.machine)}`,
    slice.eventLoop ? `loop delay p99 ${ms(slice.eventLoop.p99)}` : '',
    slice.flood ? `flood ${thousands(slice.flood.requestsPerSecond)}/s (429 ${pct(100 * slice.flood.share429)}, flood CPU ${pct(slice.cpu.processes['flood'])})` : '',
    Object.keys(s.errors).length === 0 ? '' : `signed errors ${formatOutcomes(s.errors)}`,
  ]
    .filter((part) => part !== '')
    .join('  ');
}

export function formatReport(report: FloodBenchReport): string {
  const conditionTable = formatTable(
    ['condition', 'accepted/s', 'p50', 'p99', 'non-202', 'ingress CPU', 'box CPU', 'loop delay p99', 'junk/s', '429 share', 'flood CPU'],
    report.conditions.map((condition) => [
      condition.condition,
      `${thousands(condition.acceptedPerSecond)}/s`,
      ms(condition.p50Ms),
      ms(condition.p99Ms),
      formatOutcomes(condition.signedErrors),
      pct(condition.ingressCpuPercent),
      pct(condition.machineCpuPercent),
      ms(condition.eventLoopP99Ms),
      condition.flood ? `${thousands(condition.flood.requestsPerSecond)}/s` : '–',
      condition.flood ? pct(100 * condition.flood.share429) : '–',
      condition.flood ? pct(condition.flood.cpuPercent) : '–',
    ]),
  );
  const kindTables = report.conditions.flatMap((condition) => {
    const flood = condition.flood;
    if (!flood) return [];
    const rows = junkKindNames.map((kind) => [kind, String(junkKinds[kind].expected), thousands(flood.byKind[kind].perSecond), formatOutcomes(flood.byKind[kind].outcomes)]);
    return ['', `${condition.condition}: delivery-log rows ${formatOutcomes(flood.deliveryLog)}`, formatTable(['junk kind', 'expected', 'per second', 'what it got'], rows)];
  });
  const verdicts = report.verdicts.map((verdict) => {
    const rounds = verdict.roundRatios.map((ratio) => ratio.toFixed(2)).join(', ');
    const cost = verdict.ingressMicrosPerJunkRequest === undefined ? '' : `; ingress CPU per junk request ≈ ${Math.round(verdict.ingressMicrosPerJunkRequest)} µs`;
    const saturated = verdict.saturatedSlices > 0 ? `; box ≥ ${saturatedMachinePercent} % busy in ${verdict.saturatedSlices} of ${verdict.roundRatios.length} slices` : '';
    return `  ${verdict.passed ? 'PASS' : 'FAIL'}  signed p99 under a ${verdict.condition} ÷ without: ${verdict.p99Ratio.toFixed(2)}× (goal ≤ ${goal.maxP99Ratio}×; rounds ${rounds})${cost}${saturated}`;
  });
  const costTable = report.kindCosts
    ? [
        '',
        'What one junk request costs the ingress (alone, no signed load):',
        formatTable(
          ['junk kind', 'path', 'junk/s', 'ingress CPU/request', 'what it got'],
          report.kindCosts.map((cost) => [
            cost.kind,
            cost.path,
            thousands(cost.requestsPerSecond),
            cost.ingressMicrosPerRequest === undefined ? 'n/a' : `${Math.round(cost.ingressMicrosPerRequest)} µs`,
            formatOutcomes(cost.outcomes),
          ]),
        ),
      ]
    : [];
  const { machine, settings } = report;
  return [
    '',
    conditionTable,
    ...kindTables,
    ...costTable,
    '',
    ...verdicts,
    '',
    `settings: ${settings.BENCH_RATE} signed/s; ${settings.BENCH_ROUNDS} rounds of ${settings.BENCH_SECONDS} s slices (+${settings.BENCH_WARMUP_SECONDS} s warm-up each); flood ${settings.BENCH_FLOOD_CONCURRENCY} in flight` +
      `${settings.BENCH_FLOOD_RATE > 0 ? `, at most ${settings.BENCH_FLOOD_RATE}/s` : ', as fast as answered'}, nice ${settings.BENCH_FLOOD_NICE}; refusal budget ${settings.refusalsPerMinute}/min per address`,
    `machine: ${machine.cpuModel}, ${machine.cpuCount} CPUs, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, Kafka ${machine.kafka}, ${machine.os}; ` +
      `${pct(report.machineBusyBeforePercent)} busy with other work before the run`,
    `run took ${Math.round(report.durationSeconds)} s; latency from each signed request's scheduled send to its 202; p50/p99 are medians over the slices`,
    '',
  ].join('\n');
}

function ingressCpu(slice: SliceResult): number {
  return slice.cpu.processes['ingress'] ?? Number.NaN;
}

function addOutcomes(all: readonly Outcomes[]): Outcomes {
  const total: Outcomes = {};
  for (const outcomes of all) for (const [key, count] of Object.entries(outcomes)) total[key] = (total[key] ?? 0) + count;
  return total;
}

function formatOutcomes(outcomes: Outcomes): string {
  const entries = Object.entries(outcomes).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? 'none' : entries.map(([reason, count]) => `${reason}×${thousands(count)}`).join(', ');
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : sum(finite) / finite.length;
}

function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)} ms` : 'n/a';
}

function pct(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : `${Math.round(value)} %`;
}

function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
