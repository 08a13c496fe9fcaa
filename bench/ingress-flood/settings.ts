import { z } from 'zod';

const whole = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** The run's knobs, from the environment; the defaults keep a run under ~3 minutes on 2 cores. */
const settingsSchema = z.object({
  /** Signed webhooks per second, in every phase. */
  BENCH_RATE: whole(300),
  /** Rounds of baseline and flood slices, one after the other; each flood slice is compared with the baselines around it. */
  BENCH_ROUNDS: whole(3),
  /** Measured seconds per slice. */
  BENCH_SECONDS: whole(8),
  /** Seconds sent before each slice's measured window (in a flood slice, with the flood already running). */
  BENCH_WARMUP_SECONDS: whole(2, 0),
  /** Junk requests in flight at once, per flood phase. */
  BENCH_FLOOD_CONCURRENCY: whole(16),
  /** Junk requests per second at most; 0: as fast as the concurrency allows. */
  BENCH_FLOOD_RATE: whole(0, 0),
  /** One flood slice per entry and round: how many source addresses that flood comes from. */
  BENCH_FLOOD_ADDRESSES: z
    .string()
    .default('1,256')
    .transform((value, context) => {
      const counts = value.split(',').map((part) => Number(part.trim()));
      if (counts.length === 0 || counts.some((count) => !Number.isInteger(count) || count < 1 || count > 64_000)) {
        context.addIssue({ code: 'custom', message: `expected comma-separated whole numbers from 1 to 64000, got "${value}"` });
        return z.NEVER;
      }
      return counts;
    }),
  /**
   * The flood process's nice value. 0 by default: on a box shared with other
   * work a niced flood got almost no CPU (200 junk/s) and tested nothing;
   * above 0 it only gets the CPU the ingress, Kafka and Postgres leave.
   */
  BENCH_FLOOD_NICE: z.coerce.number().int().min(0).max(19).default(0),
  /** 1: after the rounds, what each junk kind costs the ingress alone, with and without budget left (~1 min more). */
  BENCH_KIND_COSTS: z.enum(['0', '1']).default('0').transform((value) => value === '1'),
  /** 1: CPU-profile the ingress from the first flood slice to its exit (bench/ingress's hook and summary). */
  BENCH_CPU_PROF: z.enum(['0', '1']).default('0').transform((value) => value === '1'),
  /** The ingress's LOG_LEVEL. */
  BENCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('warn'),
});

export type FloodBenchSettings = z.infer<typeof settingsSchema>;

export function readSettings(env: NodeJS.ProcessEnv): FloodBenchSettings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`bench/ingress-flood: invalid settings\n${problems}`);
  }
  return parsed.data;
}

/**
 * `count` loopback source addresses for a flood, none of them 127.0.0.1 (the
 * signed sender's): the refusal budget is per address, and a flood from the
 * sender's own address would spend the sender's. Each slice gets its own
 * block, so it starts with full buckets whatever the slice before it spent.
 */
export function floodSourceAddresses(slice: number, count: number): string[] {
  // 127.<slice+1>.y.z: up to 64,000 addresses per slice, y.z never 0 or 255.
  if (slice > 253) throw new Error(`no address block left for flood slice ${slice}`);
  return Array.from({ length: count }, (_, index) => `127.${slice + 1}.${1 + Math.floor(index / 254)}.${1 + (index % 254)}`);
}
