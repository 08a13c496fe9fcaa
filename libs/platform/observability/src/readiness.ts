export interface ReadinessProbe {
  /** Shown in the /readyz body, e.g. `kafka`, `postgres`. */
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check: () => Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

/** Collects the probes of a service's dependencies; `/readyz` is ready only when every probe answers in time. */
export class ReadinessChecks {
  private readonly probes: ReadinessProbe[] = [];

  constructor(private readonly timeoutMs = 2_000) {}

  register(probe: ReadinessProbe): void {
    this.probes.push(probe);
  }

  async run(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      this.probes.map(async (probe) => {
        const started = Date.now();
        try {
          await withTimeout(probe.check(), this.timeoutMs, `${probe.name} did not answer within ${this.timeoutMs} ms`);
          return [probe.name, { ok: true, ms: Date.now() - started }] as const;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [probe.name, { ok: false, error: message, ms: Date.now() - started }] as const;
        }
      }),
    );
    return { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
