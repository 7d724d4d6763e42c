import { measureWindow, sleep, type WindowResult } from '../phases/window.js';
import { progress } from '../progress.js';
import type { MeetingUnderTest } from './meetingUnderTest.js';

/** Windows measured at most per size before its loss counts. */
const WINDOWS_PER_STEP = 3;

export type MeetingOptions = {
  cpuQuota: number;
  /** CFS period of the quota, µs. */
  cpuPeriodUs: number;
  sizes: readonly number[];
  warmUpMs: number;
  windowMs: number;
  /** What a participant should receive at each size (kbit/s), for the report. */
  expectedKbps: (participants: number) => number;
};

export type MeetingStep = WindowResult & {
  participants: number;
  expectedKbps: number;
  /** Share of CFS periods throttled since the SFU started. */
  throttled: number;
};

export type MeetingRun = {
  sfu: string;
  cpuQuota: number;
  /** The largest N whose window lost < 1 % (null: even the first size lost more). */
  kneeParticipants: number | null;
  /** Why the run stopped: loss ≥ 1 %, a join that failed, or every size passed (the knee is a lower bound). */
  stoppedBy: 'loss' | 'join-failed' | 'all-sizes-passed';
  error?: string;
  steps: MeetingStep[];
};

/** Grows one meeting through `sizes` under the quota, measuring a window at each, until loss reaches 1 %. */
export async function runMeeting(meeting: MeetingUnderTest, options: MeetingOptions): Promise<MeetingRun> {
  const steps: MeetingStep[] = [];
  let kneeParticipants: number | null = null;
  let stoppedBy: MeetingRun['stoppedBy'] = 'all-sizes-passed';
  let error: string | undefined;
  await meeting.start(options.cpuQuota, options.cpuPeriodUs);
  try {
    for (const size of options.sizes) {
      try {
        await meeting.grow(size);
      } catch (failure) {
        error = String(failure);
        progress('meeting.join-failed', { sfu: meeting.name, participants: size, error });
        stoppedBy = 'join-failed';
        break;
      }
      await sleep(options.warmUpMs);
      let window = await measureWindow(meeting, options.windowMs);
      // The bots share the cores with the machine's other work: a lossy window is measured again (3 at most) so
      // that a moment of load elsewhere is not taken for the SFU's knee.
      for (let retry = 1; retry < WINDOWS_PER_STEP && window.lossRate >= 0.01; retry++) {
        progress('meeting.remeasure', {
          sfu: meeting.name,
          participants: size,
          loss: (window.lossRate * 100).toFixed(2),
        });
        window = await measureWindow(meeting, options.windowMs);
      }
      const step: MeetingStep = {
        ...window,
        participants: size,
        expectedKbps: options.expectedKbps(size),
        throttled: meeting.throttledShare(),
      };
      steps.push(step);
      progress('meeting.step', {
        sfu: meeting.name,
        participants: size,
        cpu: step.cpuPercent.toFixed(1),
        throttled: step.throttled.toFixed(2),
        kbps: step.receiverKbps.toFixed(0),
        expectedKbps: step.expectedKbps.toFixed(0),
        loss: (step.lossRate * 100).toFixed(2),
        benchCpu: step.benchCpuPercent.toFixed(0),
        udpDrops: step.udpReceiveBufferDrops,
      });
      if (step.lossRate >= 0.01) {
        stoppedBy = 'loss';
        break;
      }
      kneeParticipants = size;
    }
  } finally {
    await meeting.stop();
  }
  return {
    sfu: meeting.name,
    cpuQuota: options.cpuQuota,
    kneeParticipants,
    stoppedBy,
    ...(error ? { error } : {}),
    steps,
  };
}
