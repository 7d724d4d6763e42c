import type { SfuUnderTest } from '../sfuUnderTest.js';

/** An SFU hosting one meeting of N participants who all publish and all watch each other. */
export interface MeetingUnderTest extends Pick<SfuUnderTest, 'pids' | 'receiverStats'> {
  readonly name: string;
  /** Participants in the meeting now. */
  readonly size: number;
  /** Starts the SFU in a cgroup CPU quota of `cpuQuota` of a core per CFS period of `periodUs`. */
  start(cpuQuota: number, periodUs: number): Promise<void>;
  /** Adds participants until there are `size`; resolves once they joined and published. */
  grow(size: number): Promise<void>;
  /** Share of CFS periods the quota throttled the SFU in, since start. */
  throttledShare(): number;
  /** Stops the participants and the SFU; idempotent; leaves no process, namespace or cgroup. */
  stop(): Promise<void>;
}
