import { describe, expect, it } from 'vitest';
import {
  audioQuality,
  isProbation,
  median,
  receivedQuality,
  sendQuality,
  totalReceivedKbps,
  videoQuality,
} from './quality.js';
import { inbound, outbound, snapshot, snapshotsOf, videoSeries } from './testSamples.js';

describe('videoQuality', () => {
  it('takes fps from framesDecoded deltas, widths per sample and bitrate from bytes', () => {
    // 11 samples a second apart: 10 s, 24 frames each second, 1000 bytes per frame.
    const series = videoSeries(
      'v',
      'ann',
      [100, ...Array<number>(10).fill(24)],
      [640, 640, 1280, 1280, 1280, 1280, 1280, 1280, 1280, 1280, 1280],
    );
    const quality = videoQuality(series);
    expect(quality.peerId).toBe('ann');
    expect(quality.seconds).toBe(10);
    expect(quality.fps).toBe(24);
    expect(quality.widthMin).toBe(640);
    expect(quality.widthMedian).toBe(1280);
    expect(quality.kbps).toBeCloseTo(24 * 8, 5);
    expect(quality.freezes).toBe(0);
  });

  it('counts freezes from freezeCount and totalFreezesDuration deltas, and the longest per interval', () => {
    const freezes = [
      { freezeCount: 3, totalFreezesDuration: 1 },
      { freezeCount: 3, totalFreezesDuration: 1 },
      { freezeCount: 4, totalFreezesDuration: 1.6 },
      { freezeCount: 6, totalFreezesDuration: 2.0 },
      { freezeCount: 6, totalFreezesDuration: 2.0 },
    ];
    const series = videoSeries('v', 'ann', [0, 20, 20, 20, 20], 640, (second) => freezes[second] ?? {});
    const quality = videoQuality(series);
    expect(quality.freezes).toBe(3);
    expect(quality.freezeSeconds).toBeCloseTo(1.0);
    // One freeze of 0.6 s ended in the 2nd interval; two ended in the 3rd (0.4 s together: an upper bound).
    expect(quality.longestFreezeSeconds).toBeCloseTo(0.6);
  });

  it('adds a stall still going on at the end of the window, which WebRTC has not counted yet', () => {
    const series = videoSeries('v', 'ann', [50, 20, 20, 0, 0, 0], 640);
    const quality = videoQuality(series);
    expect(quality.freezes).toBe(1);
    expect(quality.freezeSeconds).toBe(3);
    expect(quality.longestFreezeSeconds).toBe(3);
    expect(quality.fps).toBe(8);
  });

  it('calls a whole last second without a new frame a stall, and a last second with frames none', () => {
    expect(videoQuality(videoSeries('v', 'ann', [50, 20, 20, 0], 640)).freezes).toBe(1);
    expect(videoQuality(videoSeries('v', 'ann', [50, 20, 20, 5], 640)).freezes).toBe(0);
  });

  it('reports the width as 0 while nothing is decoded', () => {
    const series = videoSeries('v', 'ann', [0, 0, 10, 10], [0, 0, 320, 320]).map((sample, index) =>
      index < 2 ? { ...sample, frameWidth: undefined } : sample,
    );
    expect(videoQuality(series).widthMin).toBe(0);
  });
});

describe('isProbation', () => {
  it("leaves out mediasoup's probation stream by its mid", () => {
    expect(isProbation(videoSeries('p', undefined, [0, 0], 0, () => ({ mid: 'probator' })))).toBe(true);
  });

  it('leaves out a stream no tile shows that never decoded a frame', () => {
    expect(isProbation([inbound({ key: 'p', timestamp: 1, bytesReceived: 500 })])).toBe(true);
  });

  it('keeps a shown video even if it never decoded a frame (a stall, not probation)', () => {
    expect(isProbation([inbound({ key: 'v', timestamp: 1, peerId: 'ann', framesDecoded: 0 })])).toBe(false);
    expect(isProbation(videoSeries('v', undefined, [5, 5], 640))).toBe(false);
  });
});

describe('audioQuality', () => {
  it('is concealedSamples over totalSamplesReceived between the first and last sample', () => {
    const series = [
      inbound({
        key: 'a',
        kind: 'audio',
        peerId: 'bob',
        timestamp: 0,
        totalSamplesReceived: 48_000,
        concealedSamples: 9_000,
        packetsLost: 7,
      }),
      inbound({
        key: 'a',
        kind: 'audio',
        peerId: 'bob',
        timestamp: 10_000,
        totalSamplesReceived: 528_000,
        concealedSamples: 13_800,
        packetsLost: 12,
      }),
    ];
    const quality = audioQuality(series);
    expect(quality.concealmentPercent).toBeCloseTo(1);
    expect(quality.packetsLost).toBe(5);
    expect(quality.seconds).toBe(10);
  });
});

describe('receivedQuality', () => {
  it('splits remote videos and audio and leaves out probation and single samples', () => {
    const snapshots = snapshotsOf(
      videoSeries('v1', 'ann', [0, 24, 24], 1280),
      videoSeries('v2', 'bob', [0, 12, 12], 640),
      videoSeries('probe', undefined, [0, 0, 0], 0, () => ({ mid: 'probator', bytesReceived: 9000 })),
      [inbound({ key: 'a1', kind: 'audio', peerId: 'ann', timestamp: 1_000_000, totalSamplesReceived: 0 })],
    );
    const { videos, audio } = receivedQuality(snapshots);
    expect(videos.map((video) => [video.peerId, video.fps])).toEqual([
      ['ann', 24],
      ['bob', 12],
    ]);
    expect(audio).toEqual([]);
  });

  it('sums every stream, probation included, into the total received', () => {
    const snapshots = snapshotsOf(
      videoSeries('v1', 'ann', [0, 10, 10], 640),
      videoSeries('probe', undefined, [0, 0, 0], 0, (second) => ({ mid: 'probator', bytesReceived: second * 1000 })),
    );
    // 20 frames × 1000 bytes + 2000 padding bytes over 2 s.
    expect(totalReceivedKbps(snapshots)).toBeCloseTo((22_000 * 8) / 1000 / 2);
  });
});

describe('sendQuality', () => {
  it('reports each simulcast layer and the share of the window the encoder was limited', () => {
    const layer = (rid: string, width: number, second: number) =>
      outbound({
        key: `o-${rid}`,
        rid,
        timestamp: second * 10_000,
        frameWidth: width,
        framesEncoded: second * 240,
        bytesSent: second * 125_000,
        qualityLimitationReason: 'bandwidth',
        qualityLimitationDurations: { none: 5, bandwidth: 1 + second * 5, cpu: 2 },
      });
    const snapshots = [0, 1].map((second) =>
      snapshot(second * 10_000, { outbound: [layer('r1', 640, second), layer('r0', 320, second)] }),
    );
    const sent = sendQuality(snapshots);
    expect(sent.layers).toEqual([
      { rid: 'r0', fps: 24, width: 320, kbps: 100 },
      { rid: 'r1', fps: 24, width: 640, kbps: 100 },
    ]);
    expect(sent.limitation).toBe('bandwidth');
    expect(sent.limitedPercent).toEqual({ bandwidth: 50, cpu: 0 });
  });
});

describe('median', () => {
  it('handles odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
