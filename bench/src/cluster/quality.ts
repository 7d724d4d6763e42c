import type { ReceiverCounters } from '../sfuUnderTest.js';

/** What a group of subscribers got in one window. */
export type GroupQuality = {
  receivers: number;
  /** Lost / expected packets over the group. */
  lossRate: number;
  /** Media payload per subscriber, audio + video: the mean and the lowest. */
  kbpsMean: number;
  kbpsMin: number;
};

/** The window between two readings of the same subscribers (a subscriber missing from `before` is skipped). */
export function groupQuality(
  before: readonly ReceiverCounters[],
  after: readonly ReceiverCounters[],
  seconds: number,
): GroupQuality {
  const start = new Map(before.map((entry) => [entry.id, entry]));
  let expected = 0;
  let lost = 0;
  const kbps: number[] = [];
  for (const entry of after) {
    const first = start.get(entry.id);
    if (!first) continue;
    expected += entry.expected - first.expected;
    lost += Math.max(0, entry.lost - first.lost);
    kbps.push(((entry.bytes - first.bytes) * 8) / seconds / 1000);
  }
  return {
    receivers: kbps.length,
    lossRate: expected > 0 ? lost / expected : kbps.length > 0 ? 1 : 0,
    kbpsMean: kbps.length === 0 ? 0 : kbps.reduce((sum, value) => sum + value, 0) / kbps.length,
    kbpsMin: kbps.length === 0 ? 0 : Math.min(...kbps),
  };
}

/** The quality criterion of the capacity search. */
export type Criterion = {
  /** A group fails above this loss (0.02 = 2 %). */
  maxLoss: number;
  /** A group fails when its mean bitrate per subscriber is below this share of the expected (0.9 = 90 %). */
  minBitrateShare: number;
};

export const CRITERION: Criterion = { maxLoss: 0.02, minBitrateShare: 0.9 };

/** Why a group fails the criterion (empty: it passes). */
export function groupFailures(quality: GroupQuality, expectedKbps: number, criterion: Criterion = CRITERION): string[] {
  const reasons: string[] = [];
  if (quality.lossRate > criterion.maxLoss) {
    reasons.push(`loss ${(quality.lossRate * 100).toFixed(2)} % > ${criterion.maxLoss * 100} %`);
  }
  if (quality.kbpsMean < expectedKbps * criterion.minBitrateShare) {
    reasons.push(
      `${quality.kbpsMean.toFixed(0)} kbit/s per subscriber < ${criterion.minBitrateShare * 100} % of ${expectedKbps.toFixed(0)}`,
    );
  }
  return reasons;
}

/**
 * Whether a node was at its quota over a window: it used ≥ 90 % of it on average and was throttled in at least
 * half of the CFS periods. Throttled periods alone do not say it: a node with bursty work is throttled in many
 * periods at 75 % of its quota on average, and serves its subscribers without loss then.
 */
export function nodeAtQuota(usage: { cpuPercent: number; throttledShare: number }, cpuQuota: number): boolean {
  return usage.cpuPercent >= 0.9 * cpuQuota * 100 && usage.throttledShare >= 0.5;
}
/** Windows measured at most at one step before giving up on it. */
export const MAX_WINDOWS = 4;

/** One window at a step: did a meeting fail, and was (one of) the failing meetings' node(s) at its quota. */
export type WindowVerdict = { failed: boolean; atQuota: boolean };

export type StepOutcome = 'pass' | 'again' | 'node-limit' | 'generator-limit';

/**
 * What to do after the windows measured so far at one step. The knee is the nodes': a failure counts once a
 * failing meeting's node was at its quota, twice. A failure on nodes with quota to spare is someone else's —
 * the load generator or the machine's other work starving it — so the step is measured again, up to MAX_WINDOWS
 * windows; then the search ends as limited by the generator (the capacity found is a lower bound).
 */
export function stepOutcome(windows: readonly WindowVerdict[]): StepOutcome {
  const last = windows.at(-1);
  if (!last || !last.failed) return 'pass';
  if (windows.filter((window) => window.failed && window.atQuota).length >= 2) return 'node-limit';
  if (windows.length >= MAX_WINDOWS) return last.atQuota ? 'node-limit' : 'generator-limit';
  return 'again';
}
