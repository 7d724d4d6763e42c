import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** The machine's CPU time counters (all cores, clock ticks) from the first line of /proc/stat. */
export type CpuTimes = { busy: number; total: number };

/** Parses /proc/stat's `cpu` line: idle and iowait are idle time, the rest (user, nice, system, irq, …) busy. */
export function parseCpuTimes(procStat: string): CpuTimes {
  const line = procStat.split('\n').find((entry) => entry.startsWith('cpu '));
  if (!line) throw new Error('no "cpu" line in /proc/stat');
  // user nice system idle iowait irq softirq steal (guest and guest_nice are already inside user and nice)
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

export function readCpuTimes(): CpuTimes {
  return parseCpuTimes(readFileSync('/proc/stat', 'utf8'));
}

/** Share of all cores' time that was busy between two readings, in % (100 = every core busy). */
export function busyPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? ((after.busy - before.busy) / total) * 100 : 0;
}

export function loadAverage1m(): number {
  return loadavg()[0] ?? 0;
}
