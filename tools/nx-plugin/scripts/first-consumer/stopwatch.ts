/** Times named steps and prints each as it ends, so a slow step shows while it is still the last line. */
export class Stopwatch {
  private readonly startedAt = Date.now();
  private readonly steps: { name: string; ms: number }[] = [];

  async step<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const started = Date.now();
    const result = await work();
    const ms = Date.now() - started;
    this.steps.push({ name, ms });
    console.log(`${name.padEnd(76)} ${seconds(ms).padStart(7)}`);
    return result;
  }

  printTotal(): void {
    console.log(`${'total (wall clock)'.padEnd(76)} ${seconds(Date.now() - this.startedAt).padStart(7)}`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
