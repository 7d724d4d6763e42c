export { descendantsOf } from '@huddle/services';

/** Sends SIGKILL to each pid still alive (an orphaned worker after its parent was killed). */
export function killSurvivors(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
