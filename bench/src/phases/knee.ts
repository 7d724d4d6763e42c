import { progress } from '../progress.js';
import type { SfuUnderTest } from '../sfuUnderTest.js';
import { measureWindow, sleep, type WindowResult } from './window.js';

export type KneeOptions = {
  /** Share of one core the SFU may use (per group). */
  cpuQuota: number;
  /** How many quota groups the SFU runs in (one per worker in scaling runs; default 1). */
  groups?: number;
  step: number;
  maxReceivers: number;
  warmUpMs: number;
  windowMs: number;
};

export type KneeResult = {
  cpuQuota: number;
  groups: number;
  /** Receivers added per step: the knee is known to within one step. */
  step: number;
  /** The most receivers served with ≤ 1 % loss (null: even the first step lost more). */
  kneeReceivers: number | null;
  /** Whether loss ever went over 1 % (false: the knee lies beyond maxReceivers). */
  reached: boolean;
  steps: WindowResult[];
};

/** Under a CPU quota, adds receivers until loss exceeds 1 %: the most streams the quota can forward. */
export async function runKnee(sfu: SfuUnderTest, options: KneeOptions): Promise<KneeResult> {
  const steps: WindowResult[] = [];
  let kneeReceivers: number | null = null;
  let reached = false;
  await sfu.start({ cpuQuota: options.cpuQuota });
  try {
    await sfu.startPublisher();
    for (let receivers = options.step; receivers <= options.maxReceivers; receivers += options.step) {
      try {
        await sfu.addReceivers(options.step);
      } catch (error) {
        // A starved SFU may not get new receivers going at all: that is past the knee too.
        progress('knee.join-failed', { sfu: sfu.name, receivers, error: String(error) });
        reached = true;
        break;
      }
      await sleep(options.warmUpMs);
      const result = await measureWindow(sfu, options.windowMs);
      steps.push(result);
      progress('knee.step', {
        sfu: sfu.name,
        receivers,
        cpu: result.cpuPercent.toFixed(1),
        loss: (result.lossRate * 100).toFixed(2),
      });
      if (result.lossRate > 0.01) {
        reached = true;
        break;
      }
      kneeReceivers = receivers;
    }
  } finally {
    await sfu.stop();
  }
  return { cpuQuota: options.cpuQuota, groups: options.groups ?? 1, step: options.step, kneeReceivers, reached, steps };
}
