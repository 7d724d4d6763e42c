import { describe, expect, it } from 'vitest';
import { RANK, allocate, ladder, type VideoDemand } from './plan.js';

// A 3-layer simulcast camera (180p, 360p, 720p) with 3 temporal layers each (7.5, 15, 30 fps), cumulative costs.
const camera = [
  [50_000, 90_000, 150_000],
  [150_000, 280_000, 450_000],
  [500_000, 900_000, 1_500_000],
];

const video = (consumerId: string, extra: Partial<VideoDemand> = {}): VideoDemand => ({
  consumerId,
  content: 'camera',
  rank: RANK.other,
  maxSpatial: 2,
  costs: camera,
  ...extra,
});

describe('layer allocation', () => {
  it('keeps a camera at full frame rate on a lower spatial layer before dropping frame rate', () => {
    expect(ladder(video('a')).map(({ spatialLayer, temporalLayer }) => `${spatialLayer}.${temporalLayer}`)).toEqual([
      '2.2',
      '1.2',
      '0.2',
      '0.1',
      '0.0',
    ]);
  });

  it('gives a capped subscriber of two cameras the lower spatial layers at full temporal layer', () => {
    // 400 kbit/s minus audio: two 360p streams do not fit, two 180p ones at 30 fps do.
    const choices = allocate(330_000, [video('a'), video('b')]);
    expect(choices.get('a')).toEqual({ spatialLayer: 0, temporalLayer: 2 });
    expect(choices.get('b')).toEqual({ spatialLayer: 0, temporalLayer: 2 });
  });

  it('gives the active speaker more before the rest, and never exceeds the tile-size preference', () => {
    const choices = allocate(760_000, [
      video('rest'),
      video('speaker', { rank: RANK.focus }),
      video('small', { maxSpatial: 0 }),
    ]);
    expect(choices.get('speaker')).toEqual({ spatialLayer: 1, temporalLayer: 2 });
    expect(choices.get('small')).toEqual({ spatialLayer: 0, temporalLayer: 2 });
    expect(choices.get('rest')).toEqual({ spatialLayer: 0, temporalLayer: 2 });
    expect(allocate(10_000_000, [video('thumb', { maxSpatial: 1 })]).get('thumb')).toEqual({
      spatialLayer: 1,
      temporalLayer: 2,
    });
  });

  it('keeps a screen share sharp (its top spatial layer) and lowers its frame rate first', () => {
    const screen = video('screen', {
      content: 'screen',
      rank: RANK.screen,
      costs: [
        [100_000, 150_000],
        [400_000, 600_000],
      ],
      maxSpatial: 1,
    });
    const choices = allocate(550_000, [screen, video('cam')]);
    expect(choices.get('screen')).toEqual({ spatialLayer: 1, temporalLayer: 0 });
    expect(choices.get('cam')).toEqual({ spatialLayer: 0, temporalLayer: 2 });
  });

  it('drops frame rate only at the lowest layer, then suspends the least important video', () => {
    expect(allocate(100_000, [video('a')]).get('a')).toEqual({ spatialLayer: 0, temporalLayer: 1 });
    const choices = allocate(60_000, [video('speaker', { rank: RANK.focus }), video('other')]);
    expect(choices.get('speaker')).toEqual({ spatialLayer: 0, temporalLayer: 0 });
    expect(choices.get('other')).toBe('suspended');
  });

  it('skips layers the publisher does not send (dynacast turned them off)', () => {
    const lowOnly = [camera[0] ?? [], camera[1] ?? [], [0, 0, 0]];
    expect(allocate(10_000_000, [video('a', { costs: lowOnly })]).get('a')).toEqual({
      spatialLayer: 1,
      temporalLayer: 2,
    });
    expect(allocate(10_000_000, [video('none', { costs: [] })]).get('none')).toBe('suspended');
  });
});
