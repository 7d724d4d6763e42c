import { existsSync, readFileSync } from 'node:fs';

/** `pid`'s descendants now (Linux /proc), children before grandchildren. */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${next}/task/${next}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      // gone
    }
    found.push(...children);
    queue.push(...children);
  }
  return found;
}

/** Whether `pid` runs (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Waits until none of `pids` runs; returns those still running after `timeoutMs`. */
export async function waitUntilGone(pids: readonly number[], timeoutMs = 5_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let running = pids.filter(isRunning);
  while (running.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    running = running.filter(isRunning);
  }
  return running;
}

export const pathExists = existsSync;
