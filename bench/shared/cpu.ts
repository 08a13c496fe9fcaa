import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

// USER_HZ: the unit of /proc/<pid>/stat times. 100 on every mainstream Linux build,
// and not readable without a native call or spawning `getconf CLK_TCK`.
const clockTicksPerSecond = 100;

/** What /proc/<pid>/stat says about a process's CPU, in milliseconds, and who its parent is. */
export interface ProcessStat {
  ppid: number;
  /** user + system, all threads. */
  cpuMs: number;
  /** The same, of its children that have exited and were waited for. */
  exitedChildrenCpuMs: number;
}

/** Reads /proc/<pid>/stat; undefined where /proc is not available (macOS) or the process is gone. */
export function processStat(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const [ppid, utime, stime, cutime, cstime] = [fields[1], fields[11], fields[12], fields[13], fields[14]];
    if (![ppid, utime, stime, cutime, cstime].every(Number.isFinite)) return undefined;
    const ms = (ticks: number) => (ticks * 1000) / clockTicksPerSecond;
    return { ppid: ppid as number, cpuMs: ms((utime as number) + (stime as number)), exitedChildrenCpuMs: ms((cutime as number) + (cstime as number)) };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, all threads) a process has used so far, in
 * milliseconds, or undefined where /proc is not available (macOS) or the
 * process is gone. Read from outside, so the server under test runs no
 * measuring code of its own.
 */
export function processCpuMs(pid: number): number | undefined {
  return processStat(pid)?.cpuMs;
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
