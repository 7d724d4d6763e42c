import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * One process's cumulative CPU time (all its threads) and resident memory, read from /proc/<pid>/stat, and when it
 * started (clock ticks since boot: with the pid, it names one process even after the pid is reused).
 */
export type ProcStat = { pid: number; ppid: number; cpuTicks: number; rssBytes: number; startTicks: number };

// Read once: they are fixed for the life of the kernel, and USER_HZ is not always 100.
export const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const PAGE_SIZE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());

/** Parses /proc/<pid>/stat; undefined when the process has gone (a normal race while sampling). */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces and ')': split after the last one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22, rss 24 (see proc(5)).
  const field = (n: number): number => Number(fields[n - 3]);
  return {
    pid,
    ppid: field(4),
    cpuTicks: field(14) + field(15),
    rssBytes: field(24) * PAGE_SIZE,
    startTicks: field(22),
  };
}

/** Every live process, keyed by pid. */
function allProcesses(): Map<number, ProcStat> {
  const result = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat) result.set(stat.pid, stat);
  }
  return result;
}

/** The given roots and all their live descendants (a process that exits between reads is skipped). */
export function processTree(rootPids: readonly number[]): ProcStat[] {
  const processes = allProcesses();
  const children = new Map<number, number[]>();
  for (const stat of processes.values()) {
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat.pid);
    children.set(stat.ppid, siblings);
  }
  const seen = new Set<number>();
  const pending = rootPids.filter((pid) => processes.has(pid));
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return [...seen].map((pid) => processes.get(pid) as ProcStat);
}

/** The live direct children of `pid`. */
export function childrenOf(pid: number): number[] {
  return [...allProcesses().values()].filter((stat) => stat.ppid === pid).map((stat) => stat.pid);
}

/** A process's command name (/proc/<pid>/comm), or '' once it has gone. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
