// What a benchmark run started, stopped in reverse order however the run ends:
// normally, on an error, or on Ctrl-C / SIGTERM.

export class Teardown {
  private readonly stops: { name: string; stop: () => Promise<void> | void }[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly say: (message: string) => void) {}

  add(name: string, stop: () => Promise<void> | void): void {
    this.stops.unshift({ name, stop });
  }

  /** Idempotent. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, stop } of this.stops) {
        try {
          await stop();
        } catch (error) {
          this.say(`could not stop ${name}: ${(error as Error).message}`);
        }
      }
    })();
    return this.stopping;
  }

  /** Only sends the stop signals, synchronously, for the process 'exit' handler. */
  signalAll(): void {
    for (const { stop } of this.stops) {
      try {
        void Promise.resolve(stop()).catch(() => undefined);
      } catch {
        // Exiting anyway; the watchdogs stop whatever is left.
      }
    }
  }
}

/**
 * Runs a benchmark's main with the teardown wired to the process: Ctrl-C
 * stops everything in order (a second Ctrl-C leaves at once), and the exit
 * code says how it ended.
 */
export function runBenchmark(say: (message: string) => void, main: (teardown: Teardown) => Promise<void>): void {
  const teardown = new Teardown(say);
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    say('interrupted; stopping everything (Ctrl-C again to leave at once)…');
    process.once('SIGINT', () => process.exit(130));
    void teardown.stopAll().finally(() => process.exit(130));
  });
  process.once('SIGTERM', () => {
    interrupted = true;
    void teardown.stopAll().finally(() => process.exit(143));
  });
  process.on('exit', () => teardown.signalAll());
  main(teardown).then(
    async () => {
      await teardown.stopAll();
      process.exit(0);
    },
    async (error: unknown) => {
      if (!interrupted) console.error(error);
      await teardown.stopAll();
      process.exit(interrupted ? 130 : 1);
    },
  );
}
