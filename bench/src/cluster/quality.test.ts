import { describe, expect, it } from 'vitest';
import type { ReceiverCounters } from '../sfuUnderTest.js';
import { groupFailures, groupQuality, nodeAtQuota, stepOutcome } from './quality.js';

const counters = (id: string, packets: number, lost: number, bytes: number): ReceiverCounters => ({
  id,
  packets,
  bytes,
  lost,
  expected: packets + lost,
  streams: 2,
});

describe('groupQuality', () => {
  it('counts only the window between the two readings, per subscriber', () => {
    const before = [counters('a', 100, 0, 10_000), counters('b', 100, 1, 10_000)];
    // a: 1000 packets, none lost, 125 kB in 2 s = 500 kbit/s; b: 990 received, 10 more lost, 62.5 kB = 250 kbit/s.
    const after = [counters('a', 1_100, 0, 135_000), counters('b', 1_090, 11, 72_500)];
    const quality = groupQuality(before, after, 2);
    expect(quality.receivers).toBe(2);
    expect(quality.lossRate).toBeCloseTo(10 / 2_000);
    expect(quality.kbpsMean).toBeCloseTo(375);
    expect(quality.kbpsMin).toBeCloseTo(250);
  });

  it('skips a subscriber that was not there at the first reading, and calls silence total loss', () => {
    expect(groupQuality([], [counters('late', 50, 0, 5_000)], 1).receivers).toBe(0);
    const silent = groupQuality([counters('a', 10, 0, 100)], [counters('a', 10, 0, 100)], 1);
    expect(silent).toEqual({ receivers: 1, lossRate: 1, kbpsMean: 0, kbpsMin: 0 });
  });
});

describe('groupFailures', () => {
  const fine = { receivers: 3, lossRate: 0.005, kbpsMean: 540, kbpsMin: 530 };

  it('passes a group within 2 % loss and at ≥ 90 % of the expected bitrate', () => {
    expect(groupFailures(fine, 550)).toEqual([]);
    expect(groupFailures({ ...fine, lossRate: 0.02, kbpsMean: 495 }, 550)).toEqual([]);
  });

  it('says why a group fails', () => {
    expect(groupFailures({ ...fine, lossRate: 0.031 }, 550)).toEqual(['loss 3.10 % > 2 %']);
    expect(groupFailures({ ...fine, lossRate: 0.05, kbpsMean: 480 }, 550)).toEqual([
      'loss 5.00 % > 2 %',
      '480 kbit/s per subscriber < 90 % of 550',
    ]);
  });
});

describe('stepOutcome', () => {
  const pass = { failed: false, atQuota: false };
  const nodeFailure = { failed: true, atQuota: true };
  const otherFailure = { failed: true, atQuota: false };

  it('passes a step whose last window passed', () => {
    expect(stepOutcome([pass])).toBe('pass');
    expect(stepOutcome([nodeFailure, pass])).toBe('pass');
  });

  it('ends at the nodes once a node at its quota failed twice', () => {
    expect(stepOutcome([nodeFailure])).toBe('again');
    expect(stepOutcome([nodeFailure, nodeFailure])).toBe('node-limit');
    expect(stepOutcome([nodeFailure, otherFailure, nodeFailure])).toBe('node-limit');
  });

  it('measures failures on nodes with quota to spare again, then blames the generator', () => {
    expect(stepOutcome([otherFailure, otherFailure, otherFailure])).toBe('again');
    expect(stepOutcome([otherFailure, otherFailure, otherFailure, otherFailure])).toBe('generator-limit');
    expect(stepOutcome([otherFailure, otherFailure, otherFailure, nodeFailure])).toBe('node-limit');
  });
});

describe('nodeAtQuota', () => {
  it('needs both ≥ 90 % of the quota used and half the periods throttled', () => {
    expect(nodeAtQuota({ cpuPercent: 6.4, throttledShare: 0.98 }, 0.065)).toBe(true);
    expect(nodeAtQuota({ cpuPercent: 5.1, throttledShare: 0.55 }, 0.065)).toBe(false);
    expect(nodeAtQuota({ cpuPercent: 6.2, throttledShare: 0.3 }, 0.065)).toBe(false);
  });
});
