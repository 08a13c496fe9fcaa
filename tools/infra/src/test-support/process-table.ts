import { readdirSync, readFileSync } from 'node:fs';
import { pollUntil } from '../timing';

/** Linux /proc views for specs that must prove a process is gone, not merely signalled. */

export interface ProcessEntry {
  pid: number;
  ppid: number;
  args: string[];
}

/** Running means present and not a zombie: an orphan's zombie may linger until init reaps it, and runs nothing. */
export function isRunning(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
}

export function listProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    const args = readCmdline(pid);
    if (fields && args && fields[0] !== 'Z') entries.push({ pid, ppid: Number(fields[1]), args });
  }
  return entries;
}

/** The process and every descendant, e.g. a postmaster and its background workers. */
export function processTree(rootPid: number, processes = listProcesses()): number[] {
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const entry of processes) if (entry.ppid === tree[i]) tree.push(entry.pid);
  }
  return tree;
}

export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  return (await pollUntil(async () => (condition() ? true : undefined), { timeoutMs, intervalMs: 50 })) ?? false;
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, ...]. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function readCmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}
