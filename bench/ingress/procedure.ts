import type { StepResult } from './load-protocol';

export type TargetName = 'baseline' | 'ingress';

export type Phase = 'ramp' | 'refine' | 'latency';

export interface ProcedureOptions {
  /** Offered rates of the ramp, ascending; a target leaves the ramp at its first unsustained step. */
  rates: readonly number[];
  /** Bisection rounds between a target's best sustained rate and its first failure. */
  refinements: number;
  /** Refinement stops once failure ÷ success is within this factor: finer than the noise is not worth the time. */
  refineUntilRatio: number;
  /** "Sustained": at least this share of requests answered 202… */
  minAcceptedFraction: number;
  /** …and this share of the offered rate actually got through. */
  minAchievedFraction: number;
}

export const defaultProcedureOptions: ProcedureOptions = {
  rates: [500, 1_000, 2_000, 3_000, 4_000, 6_000, 8_000, 12_000, 16_000],
  refinements: 3,
  refineUntilRatio: 1.1,
  minAcceptedFraction: 0.99,
  minAchievedFraction: 0.95,
};

/** What run.ts observed around a step, besides the load generator's figures. */
export interface StepNotes {
  /** How long the box took to go quiet before the step. */
  settledMs?: number;
  /** Delivery records the ingress had not yet written to Postgres when the step ended. */
  deliveryLogBacklog?: number;
}

export interface StepRecord {
  phase: Phase;
  result: StepResult;
  sustained: boolean;
  notes: StepNotes;
}

/** A step as the caller ran it. */
export interface MeasuredStep {
  result: StepResult;
  notes?: StepNotes;
}

export interface TargetOutcome {
  /** The highest offered rate that was sustained; its achieved rate is the headline throughput. */
  best: StepResult | undefined;
  /** The lowest offered rate that was not. */
  firstFailure: StepResult | undefined;
  /** The latency step at half of `best`'s achieved rate. */
  halfRate: StepResult | undefined;
}

export type RunStep = (target: TargetName, rate: number, phase: Phase) => Promise<MeasuredStep>;

export function isSustained(result: StepResult, options: ProcedureOptions = defaultProcedureOptions): boolean {
  return result.acceptedFraction >= options.minAcceptedFraction && result.achievedRate >= options.minAchievedFraction * result.offeredRate;
}

/**
 * Maximum sustained throughput of each target, then latency at half of it.
 * The targets take turns at every rate (and swap who goes first from one
 * rate to the next), so drift over the run (Kafka's log growing, the box
 * warming up, a neighbour waking) lands on both rather than on whichever
 * was measured second.
 */
export async function runProcedure(
  targets: readonly TargetName[],
  runStep: RunStep,
  onStep: (record: StepRecord) => void,
  options: ProcedureOptions = defaultProcedureOptions,
): Promise<{ outcomes: Record<TargetName, TargetOutcome>; steps: StepRecord[] }> {
  const outcomes = Object.fromEntries(targets.map((target) => [target, { best: undefined, firstFailure: undefined, halfRate: undefined }])) as Record<
    TargetName,
    TargetOutcome
  >;
  const steps: StepRecord[] = [];
  const measure = async (target: TargetName, rate: number, phase: Phase): Promise<StepRecord> => {
    const { result, notes = {} } = await runStep(target, rate, phase);
    const record = { phase, result, sustained: isSustained(result, options), notes };
    steps.push(record);
    onStep(record);
    return record;
  };
  const inTurn = (names: TargetName[], round: number): TargetName[] => (round % 2 === 0 ? names : [...names].reverse());

  for (const [round, rate] of options.rates.entries()) {
    const climbing = targets.filter((target) => outcomes[target].firstFailure === undefined);
    if (climbing.length === 0) break;
    for (const target of inTurn(climbing, round)) {
      const { result, sustained } = await measure(target, rate, 'ramp');
      if (sustained) outcomes[target].best = result;
      else outcomes[target].firstFailure = result;
    }
  }

  for (let round = 0; round < options.refinements; round += 1) {
    for (const target of inTurn([...targets], round)) {
      const { best, firstFailure } = outcomes[target];
      if (!best || !firstFailure || firstFailure.offeredRate / best.offeredRate <= options.refineUntilRatio) continue;
      const rate = roundTo((best.offeredRate + firstFailure.offeredRate) / 2, 100);
      if (rate <= best.offeredRate || rate >= firstFailure.offeredRate) continue;
      const { result, sustained } = await measure(target, rate, 'refine');
      if (sustained) outcomes[target].best = result;
      else outcomes[target].firstFailure = result;
    }
  }

  for (const target of inTurn([...targets], 1)) {
    const best = outcomes[target].best;
    if (!best) continue;
    outcomes[target].halfRate = (await measure(target, Math.max(50, roundTo(best.achievedRate / 2, 50)), 'latency')).result;
  }
  return { outcomes, steps };
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}
