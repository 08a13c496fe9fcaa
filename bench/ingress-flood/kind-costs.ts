import { cpuDuring } from './cpu-window';
import type { FloodGenerator } from './flood-client';
import type { FloodRequest, Outcomes } from './flood-protocol';
import { type JunkKind, junkKindNames } from './junk';

/** Which answer the junk got: its own refusal (the address still had budget), or the budget's 429. */
export type RefusalPath = 'refused' | 'over budget';

export interface KindCost {
  kind: JunkKind;
  path: RefusalPath;
  requestsPerSecond: number;
  /** The ingress's CPU per junk request, its idle CPU taken off. */
  ingressMicrosPerRequest: number | undefined;
  outcomes: Outcomes;
}

export interface KindCostOptions {
  flood: FloodGenerator;
  ingressPid: number;
  /** The flood's target and concurrency; its kinds and addresses are set here. */
  request: Omit<FloodRequest, 'kinds' | 'sourceAddresses'>;
  /** Fresh source addresses for each measurement, so every one starts with full budgets. */
  addresses: (count: number) => string[];
  /** Run before each measurement: the previous one's delivery-log backlog written. */
  settle: () => Promise<void>;
}

// From 1.5 s: by then a single address has spent its 120 refusals even at 80 junk requests a second.
const windowMs = { from: 1_500, to: 4_500 };
// Enough addresses that none spends its 120 refusals within a measurement, at any rate this box reaches.
const refusedPathAddresses = 1_024;

/**
 * What one junk request of each kind costs the ingress, measured alone (no
 * signed load): a flood of that kind only, once from many fresh addresses
 * (every request answered with its own refusal: the cost the budget bounds)
 * and once from one address past its budget (every request a 429: the cost
 * no budget removes). CPU per request is steadier than latency on a box
 * shared with other work.
 */
export async function measureKindCosts(options: KindCostOptions): Promise<KindCost[]> {
  await options.settle();
  const idle = await cpuDuring({ ingress: options.ingressPid }, 0, windowMs.to - windowMs.from);
  const idlePercent = idle.processes['ingress'] ?? Number.NaN;
  const costs: KindCost[] = [];
  for (const kind of junkKindNames) {
    for (const path of ['refused', 'over budget'] as const) {
      await options.settle();
      await options.flood.begin({ ...options.request, kinds: [kind], sourceAddresses: options.addresses(path === 'refused' ? refusedPathAddresses : 1) });
      const cpu = await cpuDuring({ ingress: options.ingressPid }, windowMs.from, windowMs.to);
      const result = await options.flood.end();
      const extraPercent = (cpu.processes['ingress'] ?? Number.NaN) - idlePercent;
      // 1 % of one core is 10,000 µs of CPU a second.
      const micros = (extraPercent * 10_000) / result.requestsPerSecond;
      costs.push({ kind, path, requestsPerSecond: result.requestsPerSecond, ingressMicrosPerRequest: Number.isFinite(micros) ? micros : undefined, outcomes: result.outcomes });
    }
  }
  return costs;
}
