import { CLOCK_TICKS_PER_SECOND, processTree } from './procTree.js';

/** CPU and memory of a process tree over one window. */
export type TreeUsage = {
  /** CPU time used in the window, in % of one core (200 = both cores of a 2-core box fully busy). */
  cpuPercent: number;
  /** Sum of the tree's resident memory, averaged over the polls and at its highest. */
  rssBytesAvg: number;
  rssBytesPeak: number;
  /** How many distinct processes were seen, and how long the window really lasted. */
  processes: number;
  windowMs: number;
};

export type MeasureTreeOptions = {
  /** How long to measure. */
  windowMs: number;
  /** Poll this often (default 1 s): fine enough to catch processes that exit mid-window. */
  intervalMs?: number;
};

/**
 * Measures a process tree (the roots `rootPids()` returns, asked again at each poll, and all their descendants)
 * over a window. Each process counts from its first poll in the window (or from 0 if it was born after the
 * window opened) to its last, so a process that exits mid-window still counts up to its last poll.
 */
export async function measureTree(rootPids: () => readonly number[], options: MeasureTreeOptions): Promise<TreeUsage> {
  const intervalMs = options.intervalMs ?? 1000;
  const firstTicks = new Map<number, number>();
  const lastTicks = new Map<number, number>();
  const rssTotals: number[] = [];
  const poll = (isFirst: boolean): void => {
    let rss = 0;
    for (const stat of processTree(rootPids())) {
      if (!firstTicks.has(stat.pid)) firstTicks.set(stat.pid, isFirst ? stat.cpuTicks : 0);
      lastTicks.set(stat.pid, stat.cpuTicks);
      rss += stat.rssBytes;
    }
    rssTotals.push(rss);
  };

  const started = performance.now();
  poll(true);
  const deadline = started + options.windowMs;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, deadline - performance.now())));
    poll(false);
  }
  const windowMs = performance.now() - started;

  let ticks = 0;
  for (const [pid, last] of lastTicks) ticks += last - (firstTicks.get(pid) ?? 0);
  return {
    cpuPercent: (ticks / CLOCK_TICKS_PER_SECOND / (windowMs / 1000)) * 100,
    rssBytesAvg: rssTotals.reduce((sum, value) => sum + value, 0) / rssTotals.length,
    rssBytesPeak: Math.max(...rssTotals),
    processes: lastTicks.size,
    windowMs,
  };
}
