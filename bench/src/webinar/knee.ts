import type { HuddleUnderTest } from '../huddle/huddleUnderTest.js';
import { measureTree } from '../measure/treeUsage.js';
import { measureWindow, sleep, type WindowResult } from '../phases/window.js';
import { progress } from '../progress.js';

export type WebinarKneeOptions = {
  /** Share of one core each mediasoup worker may use. */
  quotaPerWorker: number;
  /** The quota's CFS period, in µs. */
  periodUs: number;
  workers: number;
  step: number;
  maxViewers: number;
  warmUpMs: number;
  windowMs: number;
  /** A viewer gets full quality when it receives at least this (kbit/s of payload, audio + video). */
  fullQualityKbps: number;
};

/** One window: the SFU as a whole (Node + workers), the workers alone, and how hard the quota held them. */
export type WebinarStep = WindowResult & {
  workerCpuPercent: number;
  /** Per worker: share of CFS periods throttled since the SFU started. */
  throttled: number[];
};

export type WebinarKnee = {
  workers: number;
  quotaPerWorker: number;
  step: number;
  /** The most viewers served with < 1 % loss (null: even the first step lost more). */
  kneeViewers: number | null;
  /** Whether loss ever went over 1 % (false: the knee lies beyond maxViewers, the result is a lower bound). */
  reached: boolean;
  /** kneeViewers / (workers × quota): viewers per worker core. */
  viewersPerCore: number | null;
  /**
   * The most viewers served with < 1 % loss AND the full stream (top layer + audio, ≥ fullQualityKbps each):
   * with transport-cc feedback a starved worker's delays make mediasoup's bandwidth estimate fall, and it
   * moves viewers to lower layers before it loses packets.
   */
  fullQualityViewers: number | null;
  fullQualityViewersPerCore: number | null;
  fullQualityKbps: number;
  steps: WebinarStep[];
};

/** Windows measured at most per step before its loss counts. */
const WINDOWS_PER_STEP = 3;

async function measureStep(sfu: HuddleUnderTest, windowMs: number): Promise<WebinarStep> {
  const [window, workers] = await Promise.all([
    measureWindow(sfu, windowMs),
    measureTree(() => sfu.workerPids(), { windowMs }),
  ]);
  return { ...window, workerCpuPercent: workers.cpuPercent, throttled: sfu.throttledShares() };
}

/** Adds viewers `step` at a time to a webinar until a window's loss exceeds 1 %, each worker under its quota. */
export async function runWebinarKnee(sfu: HuddleUnderTest, options: WebinarKneeOptions): Promise<WebinarKnee> {
  const steps: WebinarStep[] = [];
  let kneeViewers: number | null = null;
  let fullQualityViewers: number | null = null;
  let degraded = false;
  let reached = false;
  await sfu.start({ cpuQuota: options.quotaPerWorker, cpuPeriodUs: options.periodUs });
  try {
    await sfu.startPublisher();
    for (let viewers = options.step; viewers <= options.maxViewers; viewers += options.step) {
      try {
        await sfu.addReceivers(options.step);
      } catch (error) {
        progress('webinar.join-failed', { workers: options.workers, viewers, error: String(error) });
        reached = true;
        break;
      }
      await sleep(options.warmUpMs);
      let step = await measureStep(sfu, options.windowMs);
      // The bots share the cores with the machine's other work: a lossy window is measured again (3 at most) so
      // that a moment of load elsewhere is not taken for the SFU's knee.
      for (let retry = 1; retry < WINDOWS_PER_STEP && step.lossRate >= 0.01; retry++) {
        progress('webinar.remeasure', { workers: options.workers, viewers, loss: (step.lossRate * 100).toFixed(2) });
        step = await measureStep(sfu, options.windowMs);
      }
      steps.push(step);
      progress('webinar.step', {
        workers: options.workers,
        viewers,
        sfuCpu: step.cpuPercent.toFixed(1),
        workerCpu: step.workerCpuPercent.toFixed(1),
        throttled: step.throttled.map((share) => share.toFixed(2)).join('/'),
        kbps: step.receiverKbps.toFixed(0),
        loss: (step.lossRate * 100).toFixed(2),
        benchCpu: step.benchCpuPercent.toFixed(0),
      });
      if (step.lossRate >= 0.01) {
        reached = true;
        break;
      }
      kneeViewers = viewers;
      degraded ||= step.receiverKbps < options.fullQualityKbps;
      if (!degraded) fullQualityViewers = viewers;
    }
  } finally {
    await sfu.stop();
  }
  const cores = options.workers * options.quotaPerWorker;
  return {
    workers: options.workers,
    quotaPerWorker: options.quotaPerWorker,
    step: options.step,
    kneeViewers,
    reached,
    viewersPerCore: kneeViewers === null ? null : kneeViewers / cores,
    fullQualityViewers,
    fullQualityViewersPerCore: fullQualityViewers === null ? null : fullQualityViewers / cores,
    fullQualityKbps: options.fullQualityKbps,
    steps,
  };
}
