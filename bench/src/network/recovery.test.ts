import { describe, expect, it } from 'vitest';
import { layerReference, rampedUp, secondsToFullLayers, timeline, videoTicks } from './recovery.js';
import { snapshotsOf, videoSeries } from './testSamples.js';

const START = 1_000_000;

describe('videoTicks', () => {
  it('gives each remote video its fps and width per sample interval, probation left out', () => {
    const ticks = videoTicks(
      snapshotsOf(
        videoSeries('v1', 'ann', [0, 24, 12], [1280, 1280, 640]),
        videoSeries('probe', undefined, [0, 0, 0], 0, () => ({ mid: 'probator' })),
      ),
    );
    expect(ticks).toEqual([
      { peerId: 'ann', round: 1, at: START + 1000, fps: 24, width: 1280 },
      { peerId: 'ann', round: 2, at: START + 2000, fps: 12, width: 640 },
    ]);
  });
});

describe('layerReference', () => {
  it("is each video's typical width (a width really decoded) and median fps", () => {
    const ticks = videoTicks(
      snapshotsOf(
        videoSeries('v1', 'ann', [0, 24, 20, 24], [1280, 1280, 640, 1280]),
        videoSeries('v2', 'bob', [0, 10, 12, 14, 16], [640, 640, 1280, 1280, 640]),
      ),
    );
    expect(layerReference(ticks)).toEqual(
      new Map([
        ['ann', { width: 1280, fps: 24 }],
        ['bob', { width: 640, fps: 13 }],
      ]),
    );
  });
});

describe('secondsToFullLayers', () => {
  const reference = new Map([
    ['ann', { width: 1280, fps: 24 }],
    ['bob', { width: 640, fps: 20 }],
  ]);

  it('is the first of three samples in a row with every video at its width and 80 % of its fps', () => {
    // Lifted at START. Ann is back from second 4 on, Bob from second 2 on, but Bob dips at second 5.
    const ann = videoSeries(
      'v1',
      'ann',
      [0, 8, 8, 8, 20, 24, 24, 24, 24],
      [320, 320, 320, 320, 1280, 1280, 1280, 1280, 1280],
    );
    const bob = videoSeries('v2', 'bob', [0, 8, 16, 18, 20, 10, 20, 20, 20], 640);
    const ticks = videoTicks(snapshotsOf(ann, bob));
    expect(secondsToFullLayers(reference, ticks, START)).toBe(6);
  });

  it('counts from `since`, ignoring earlier samples', () => {
    const ann = videoSeries('v1', 'ann', [0, 24, 24, 24, 24, 24], 1280);
    const bob = videoSeries('v2', 'bob', [0, 20, 20, 20, 20, 20], 640);
    const ticks = videoTicks(snapshotsOf(ann, bob));
    expect(secondsToFullLayers(reference, ticks, START)).toBe(1);
    expect(secondsToFullLayers(reference, ticks, START + 1500)).toBeCloseTo(0.5);
  });

  it('is undefined while a video stays below its width, or is missing', () => {
    const ann = videoSeries('v1', 'ann', [0, 24, 24, 24, 24], 640);
    const bob = videoSeries('v2', 'bob', [0, 20, 20, 20, 20], 640);
    expect(secondsToFullLayers(reference, videoTicks(snapshotsOf(ann, bob)), START)).toBeUndefined();
    expect(secondsToFullLayers(reference, videoTicks(snapshotsOf(bob)), START)).toBeUndefined();
  });
});

describe('rampedUp', () => {
  it('waits until the summed width has not grown for the quiet time', () => {
    const growing = videoTicks(
      snapshotsOf(videoSeries('v1', 'ann', [0, 20, 20, 20, 20, 20], [320, 320, 640, 640, 1280, 1280])),
    );
    expect(rampedUp(growing, 3000)).toBe(false);
    const settled = videoTicks(
      snapshotsOf(videoSeries('v1', 'ann', [0, 20, 20, 20, 20, 20, 20], [320, 640, 640, 320, 640, 640, 640])),
    );
    expect(rampedUp(settled, 3000)).toBe(true);
    expect(rampedUp(settled, 10_000)).toBe(false);
  });
});

describe('timeline', () => {
  it('lists each second after `since` with every video in it', () => {
    const ann = videoSeries('v1', 'ann', [0, 5, 24], [320, 320, 1280]);
    const rows = timeline(videoTicks(snapshotsOf(ann)), START + 500);
    expect(rows).toEqual([
      { seconds: 0.5, videos: [{ peerId: 'ann', width: 320, fps: 5 }] },
      { seconds: 1.5, videos: [{ peerId: 'ann', width: 1280, fps: 24 }] },
    ]);
  });
});
