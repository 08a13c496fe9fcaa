import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

// USER_HZ: the unit of /proc/<pid>/stat times. 100 on every mainstream Linux build,
// and not readable without a native call or spawning `getconf CLK_TCK`.
const clockTicksPerSecond = 100;

/**
 * CPU time (user + system, all threads) a process has used so far, in
 * milliseconds, or undefined where /proc is not available (macOS) or the
 * process is gone. Read from outside, so the server under test runs no
 * measuring code of its own.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / clockTicksPerSecond : undefined;
  } catch {
    return undefined;
  }
}

export interface MachineCpuSample {
  busyMs: number;
  totalMs: number;
}

/** Busy and total CPU time summed over every core since boot. */
export function machineCpu(): MachineCpuSample {
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of cpus()) {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    totalMs += total;
    busyMs += total - times.idle;
  }
  return { busyMs, totalMs };
}

/** Percent of the machine busy between two samples. */
export function machineBusyPercent(from: MachineCpuSample, to: MachineCpuSample): number {
  const total = to.totalMs - from.totalMs;
  return total > 0 ? (100 * (to.busyMs - from.busyMs)) / total : 0;
}
