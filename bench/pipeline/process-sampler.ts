import { readdirSync, readFileSync } from 'node:fs';
import { type ProcessStat, processStat } from '../shared/cpu';

/** CPU and memory of one process (or process tree) over a window. */
export interface ProcessUsage {
  name: string;
  cpuSeconds: number;
  /** CPU over the window's wall time: 100 % is one core busy all along. */
  cpuPercent: number;
  peakRssMiB: number;
  /** Proportional set size: shared pages split between the processes sharing them, so Postgres's shared buffers count once. */
  peakPssMiB: number;
}

/** What to measure: named processes by pid, and the local Kafka and Postgres, found among this process's descendants. */
export interface SampledProcesses {
  apps: { name: string; pid: number }[];
}

interface Window {
  startedAt: number;
  cpuAtStart: Map<string, number>;
  peakRss: Map<string, number>;
  peakPss: Map<string, number>;
}

/**
 * Samples /proc every `intervalMs`: the CPU (user + system, all threads,
 * children that exited included) and the memory of each app, of Kafka (the
 * broker's JVM) and of Postgres (the postmaster and every backend), and of
 * this process (load generator and checks). Only this process's own
 * descendants are looked at, so other people's Kafka or Postgres on a shared
 * machine never count.
 */
export class ProcessSampler {
  private timer: NodeJS.Timeout | undefined;
  private window: Window | undefined;

  constructor(private readonly processes: SampledProcesses, private readonly intervalMs = 1_000) {}

  start(): void {
    this.timer ??= setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  begin(): void {
    const groups = this.groups();
    this.window = { startedAt: Date.now(), cpuAtStart: new Map([...groups].map(([name, members]) => [name, cpuOf(members)])), peakRss: new Map(), peakPss: new Map() };
    this.sample();
  }

  end(): ProcessUsage[] {
    this.sample();
    const window = this.window;
    if (!window) throw new Error('end() without begin()');
    this.window = undefined;
    const wallSeconds = (Date.now() - window.startedAt) / 1000;
    return [...this.groups()].map(([name, members]) => {
      const cpuSeconds = (cpuOf(members) - (window.cpuAtStart.get(name) ?? 0)) / 1000;
      return {
        name,
        cpuSeconds,
        cpuPercent: (100 * cpuSeconds) / wallSeconds,
        peakRssMiB: (window.peakRss.get(name) ?? 0) / 1024,
        peakPssMiB: (window.peakPss.get(name) ?? 0) / 1024,
      };
    });
  }

  private sample(): void {
    const window = this.window;
    if (!window) return;
    for (const [name, members] of this.groups()) {
      let rss = 0;
      let pss = 0;
      for (const { pid } of members) {
        rss += memoryKiB(`/proc/${pid}/status`, 'VmRSS:');
        pss += memoryKiB(`/proc/${pid}/smaps_rollup`, 'Pss:');
      }
      window.peakRss.set(name, Math.max(window.peakRss.get(name) ?? 0, rss));
      window.peakPss.set(name, Math.max(window.peakPss.get(name) ?? 0, pss));
    }
  }

  /** The processes of each name, from a fresh look at /proc (Postgres starts and ends backends). */
  private groups(): Map<string, { pid: number; stat: ProcessStat }[]> {
    const stats = new Map<number, ProcessStat>();
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      const stat = processStat(pid);
      if (stat) stats.set(pid, stat);
    }
    const children = new Map<number, number[]>();
    for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
    const subtree = (root: number): number[] => [root, ...(children.get(root) ?? []).flatMap(subtree)];

    const named = new Map<string, number[]>();
    const claimed = new Set<number>();
    for (const app of this.processes.apps) {
      const tree = stats.has(app.pid) ? subtree(app.pid) : [];
      named.set(app.name, tree);
      for (const pid of tree) claimed.add(pid);
    }
    // Kafka's JVM and the postmaster are the topmost descendants of this process running java / postgres.
    const kafka: number[] = [];
    const postgres: number[] = [];
    const visit = (pid: number) => {
      if (claimed.has(pid)) return;
      const command = commandOf(pid);
      if (command === 'java') return void kafka.push(...subtree(pid));
      if (command === 'postgres') return void postgres.push(...subtree(pid));
      for (const child of children.get(pid) ?? []) visit(child);
    };
    for (const child of children.get(process.pid) ?? []) visit(child);
    named.set('kafka', kafka);
    named.set('postgres', postgres);
    named.set('bench (load, checks)', [process.pid]);

    return new Map(
      [...named].map(([name, pids]) => [name, pids.flatMap((pid) => (stats.has(pid) ? [{ pid, stat: stats.get(pid) as ProcessStat }] : []))]),
    );
  }
}

/** CPU of a tree: each live process's own time plus that of its children that exited (each dead process counts once, in its parent). */
function cpuOf(members: readonly { stat: ProcessStat }[]): number {
  return members.reduce((sum, { stat }) => sum + stat.cpuMs + stat.exitedChildrenCpuMs, 0);
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function memoryKiB(file: string, field: string): number {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith(field));
    return line ? Number(line.slice(field.length).trim().split(/\s+/)[0]) || 0 : 0;
  } catch {
    return 0;
  }
}
