export { descendantsOf } from '@huddle/services';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends SIGKILL to each pid still alive (an orphaned worker after its parent was killed) and waits, at most
 * `timeoutMs`, until none is left.
 */
export async function killSurvivors(pids: number[], timeoutMs = 3_000): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
