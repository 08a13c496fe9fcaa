import { machineBusyPercent, machineCpu, processCpuMs } from '../shared/cpu';

export interface WindowCpu {
  /** Percent of one core per process, by the name it was given; undefined where /proc could not tell. */
  processes: Record<string, number | undefined>;
  /** Percent of the whole machine (all cores) busy, whoever's work it was. */
  machine: number;
}

/**
 * CPU of some processes and of the machine between `fromMs` and `toMs` from
 * now, read from /proc outside the processes. Taken here on timers of its
 * own rather than from the load step's figures, whose closing sample is
 * skipped when the last answer arrives before the window ends.
 */
export async function cpuDuring(pids: Record<string, number | undefined>, fromMs: number, toMs: number): Promise<WindowCpu> {
  const sample = () => ({
    at: performance.now(),
    machine: machineCpu(),
    processes: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : processCpuMs(pid)])),
  });
  await new Promise((resolve) => setTimeout(resolve, fromMs));
  const from = sample();
  await new Promise((resolve) => setTimeout(resolve, toMs - fromMs));
  const to = sample();
  const wallMs = to.at - from.at;
  const processes = Object.fromEntries(
    Object.keys(pids).map((name) => {
      const [start, end] = [from.processes[name], to.processes[name]];
      return [name, start === undefined || end === undefined ? undefined : (100 * (end - start)) / wallMs];
    }),
  );
  return { processes, machine: machineBusyPercent(from.machine, to.machine) };
}
