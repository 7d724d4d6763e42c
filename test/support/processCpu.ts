import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** Percent of one core that `pids` used together over `seconds`. */
export async function cpuPercent(pids: number[], seconds: number): Promise<number> {
  const before = pids.reduce((total, pid) => total + cpuSeconds(pid), 0);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = pids.reduce((total, pid) => total + cpuSeconds(pid), 0);
  return ((after - before) / seconds) * 100;
}
