import { describe, expect, it } from 'vitest';
import type { Check } from './scenarios.js';
import { evaluateChecks } from './targets.js';

const video = (fps: number, freezeSeconds = 0, longestFreezeSeconds = 0, seconds = 15) => ({
  fps,
  seconds,
  freezeSeconds,
  longestFreezeSeconds,
});
const FPS_15: Check = { measure: 'minVideoFps', op: '>=', value: 15 };
const FREEZE_05: Check = { measure: 'longestFreezeSeconds', op: '<=', value: 0.5 };
const PER_15: Check = { measure: 'freezeSecondsPer15s', op: '<=', value: 1 };
const CONCEAL_1: Check = { measure: 'maxConcealmentPercent', op: '<', value: 1 };
const BACK_10: Check = { measure: 'secondsToFullLayers', op: '<=', value: 10 };

describe('evaluateChecks', () => {
  it('passes when the worst stream meets each target', () => {
    const results = evaluateChecks([FPS_15, FREEZE_05, CONCEAL_1], {
      videos: [video(24), video(15, 0.4, 0.4)],
      audio: [{ concealmentPercent: 0.2 }, { concealmentPercent: 0.9 }],
      expectedRemotes: 2,
    });
    expect(results.map((result) => [result.label, result.measured, result.pass])).toEqual([
      ['every remote video ≥ 15 fps', 15, true],
      ['no freeze over 0.5 s', 0.4, true],
      ['audio concealment < 1 %', 0.9, true],
    ]);
  });

  it('fails on the worst stream, and at the limit of a strict target', () => {
    const results = evaluateChecks([FPS_15, CONCEAL_1], {
      videos: [video(24), video(14.9)],
      audio: [{ concealmentPercent: 1 }],
      expectedRemotes: 1,
    });
    expect(results.map((result) => result.pass)).toEqual([false, false]);
  });

  it('scales freeze time to 15 s of window', () => {
    const [result] = evaluateChecks([PER_15], { videos: [video(20, 1, 1, 10)], audio: [], expectedRemotes: 1 });
    expect(result?.measured).toBeCloseTo(1.5);
    expect(result?.pass).toBe(false);
  });

  it('fails a check whose stream is missing, and says so', () => {
    const results = evaluateChecks([FPS_15, FREEZE_05, CONCEAL_1], {
      videos: [video(24)],
      audio: [],
      expectedRemotes: 2,
    });
    expect(results.map((result) => [result.measured, result.pass, result.note])).toEqual([
      [0, false, '1 of 2 remote videos missing'],
      [0, false, '1 of 2 remote videos missing'],
      [undefined, false, '2 of 2 remote audio streams missing'],
    ]);
  });

  it('fails recovery that never happened', () => {
    const base = { videos: [], audio: [], expectedRemotes: 0 };
    expect(evaluateChecks([BACK_10], { ...base, secondsToFullLayers: 4 })[0]?.pass).toBe(true);
    expect(evaluateChecks([BACK_10], base)[0]).toMatchObject({
      pass: false,
      note: 'never back to full layers while observed',
    });
  });
});
