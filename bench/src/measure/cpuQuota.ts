import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processTree } from './procTree.js';

// cgroup v1: the cpu controller is mounted on its own (cpuacct is a separate hierarchy on this box).
const CPU_ROOT = '/sys/fs/cgroup/cpu';
const PREFIX = 'huddle-bench-';
/** The kernel's default CFS period; a shorter one spreads the same share into shorter runs and stalls. */
const DEFAULT_PERIOD_US = 100_000;

/** How much the quota actually bit, from the group's cpu.stat. */
export type Throttling = { periods: number; throttledPeriods: number; throttledMs: number };

/**
 * A cgroup v1 CPU quota, /sys/fs/cgroup/cpu/huddle-bench-<our pid>[-label], holding the process trees put in it.
 * Children forked later inherit it. remove() moves whatever is left back to the root group and deletes it.
 */
export class CpuQuotaGroup {
  private removed = false;

  private constructor(readonly path: string) {}

  /**
   * `cores` is the share of one core the group may use per period, e.g. 0.25 for 25 % of a core; `periodUs` the
   * CFS period (1 ms – 1 s): a group at its quota stalls for the rest of each period.
   */
  static create(cores: number, label?: string, periodUs = DEFAULT_PERIOD_US): CpuQuotaGroup {
    if (!(cores > 0)) throw new Error(`CPU quota must be > 0 cores, got ${cores}`);
    if (!(periodUs >= 1_000 && periodUs <= 1_000_000))
      throw new Error(`CFS period must be 1 ms – 1 s, got ${periodUs} µs`);
    const quotaUs = Math.round(cores * periodUs);
    // The kernel refuses a quota under 1 ms per period.
    if (quotaUs < 1_000) {
      throw new Error(
        `a quota of ${cores} core per ${periodUs / 1000} ms period is ${quotaUs} µs: at least 1 ms needed`,
      );
    }
    const path = join(CPU_ROOT, `${PREFIX}${process.pid}${label ? `-${label}` : ''}`);
    mkdirSync(path);
    const group = new CpuQuotaGroup(path);
    writeFileSync(join(path, 'cpu.cfs_period_us'), String(periodUs));
    writeFileSync(join(path, 'cpu.cfs_quota_us'), String(quotaUs));
    return group;
  }

  /** Moves `rootPid` and all its current descendants (with all their threads) into the group. */
  addProcessTree(rootPid: number): void {
    for (const { pid } of processTree([rootPid])) {
      try {
        writeFileSync(join(this.path, 'cgroup.procs'), String(pid));
      } catch (error) {
        // A short-lived child that exited since the tree was read: nothing to move.
        if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
      }
    }
  }

  throttling(): Throttling {
    const stat = new Map(
      readFileSync(join(this.path, 'cpu.stat'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ') as [string, string]),
    );
    return {
      periods: Number(stat.get('nr_periods') ?? 0),
      throttledPeriods: Number(stat.get('nr_throttled') ?? 0),
      throttledMs: Number(stat.get('throttled_time') ?? 0) / 1e6,
    };
  }

  /** Idempotent; processes still inside go back to the root group (they are not killed). */
  remove(): void {
    if (this.removed || !existsSync(this.path)) return;
    for (const pid of groupPids(this.path)) moveToRoot(pid);
    rmdirSync(this.path);
    this.removed = true;
  }
}

function groupPids(path: string): number[] {
  return readFileSync(join(path, 'cgroup.procs'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}

function moveToRoot(pid: number): void {
  try {
    writeFileSync(join(CPU_ROOT, 'cgroup.procs'), String(pid));
  } catch {
    // It exited meanwhile: nothing to move.
  }
}

function isAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

/**
 * Removes groups left by a crashed run: huddle-bench-<pid>* whose owner pid is gone and that hold no process.
 * A group whose owner is gone but still holds processes is reported, not touched: those processes are not ours.
 */
export function removeStaleQuotaGroups(log: (line: string) => void): void {
  for (const entry of readdirSync(CPU_ROOT)) {
    const owner = new RegExp(`^${PREFIX}(\\d+)`).exec(entry)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    const path = join(CPU_ROOT, entry);
    const pids = groupPids(path);
    if (pids.length > 0) {
      log(`stale cgroup ${path} still holds pids ${pids.join(',')}: left in place`);
      continue;
    }
    rmdirSync(path);
    log(`removed stale cgroup ${path}`);
  }
}
