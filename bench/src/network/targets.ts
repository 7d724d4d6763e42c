import type { AudioQuality, VideoQuality } from './quality.js';
import { describeCheck, type Check } from './scenarios.js';

/** What the impaired participant measured in a scenario, as the checks read it. */
export type Measured = {
  videos: readonly Pick<VideoQuality, 'fps' | 'seconds' | 'freezeSeconds' | 'longestFreezeSeconds'>[];
  audio: readonly Pick<AudioQuality, 'concealmentPercent'>[];
  /** Remote participants in the call: each should have a video and an audio stream at the impaired one. */
  expectedRemotes: number;
  /** Drop-and-recover only; undefined when the videos never got back within the observation. */
  secondsToFullLayers?: number;
};

export type CheckResult = {
  label: string;
  /** The number compared (undefined: nothing to compare, which fails). */
  measured: number | undefined;
  pass: boolean;
  /** Why the number is what it is, when that is not obvious (missing streams). */
  note?: string;
};

const compare = (value: number, check: Check): boolean =>
  check.op === '>=' ? value >= check.value : check.op === '<' ? value < check.value : value <= check.value;

function measure(check: Check, measured: Measured): { value: number | undefined; note?: string } {
  const { videos, audio, expectedRemotes } = measured;
  const missingVideos = expectedRemotes - videos.length;
  const videoNote = missingVideos > 0 ? `${missingVideos} of ${expectedRemotes} remote videos missing` : undefined;
  const worst = (values: number[], pick: (values: number[]) => number): number | undefined =>
    values.length === 0 ? undefined : pick(values);
  switch (check.measure) {
    case 'minVideoFps':
      // A video that is not there at all shows 0 frames per second.
      return {
        value:
          missingVideos > 0
            ? 0
            : worst(
                videos.map((video) => video.fps),
                (values) => Math.min(...values),
              ),
        note: videoNote,
      };
    case 'longestFreezeSeconds':
      return {
        value: worst(
          videos.map((video) => video.longestFreezeSeconds),
          (values) => Math.max(...values),
        ),
        note: videoNote,
      };
    case 'freezeSecondsPer15s':
      return {
        value: worst(
          videos.map((video) => (video.seconds > 0 ? (video.freezeSeconds * 15) / video.seconds : 0)),
          (values) => Math.max(...values),
        ),
        note: videoNote,
      };
    case 'maxConcealmentPercent': {
      const missing = expectedRemotes - audio.length;
      return {
        value: worst(
          audio.map((stream) => stream.concealmentPercent),
          (values) => Math.max(...values),
        ),
        note: missing > 0 ? `${missing} of ${expectedRemotes} remote audio streams missing` : undefined,
      };
    }
    case 'secondsToFullLayers':
      return {
        value: measured.secondsToFullLayers,
        note: measured.secondsToFullLayers === undefined ? 'never back to full layers while observed' : undefined,
      };
  }
}

/** PASS/FAIL of each check; a missing stream fails the check it concerns. */
export function evaluateChecks(checks: readonly Check[], measured: Measured): CheckResult[] {
  return checks.map((check) => {
    const { value, note } = measure(check, measured);
    return {
      label: describeCheck(check),
      measured: value,
      pass: value !== undefined && note === undefined && compare(value, check),
      ...(note === undefined ? {} : { note }),
    };
  });
}
