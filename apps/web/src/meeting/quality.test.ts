import type { ConsumerSample, LinkSample } from '@huddle/client';
import { describe, expect, it } from 'vitest';
import {
  describeLink,
  peerLinkQuality,
  qualityFromScores,
  selfLinkQuality,
  settledQuality,
  worstQuality,
} from './quality.js';

function sample(change: Partial<LinkSample> = {}): LinkSample {
  return {
    seconds: 2,
    rttMs: 30,
    sendBitrate: 800_000,
    receiveBitrate: 600_000,
    uplinkLoss: 0,
    downlinkLoss: 0,
    availableOutgoingBitrate: 1_200_000,
    relayed: false,
    consumers: [],
    ...change,
  };
}

function video(consumerId: string, change: Partial<ConsumerSample> = {}): ConsumerSample {
  return {
    consumerId,
    peerId: 'ann',
    source: 'camera',
    kind: 'video',
    bitrate: 300_000,
    packetsReceived: 100,
    packetsLost: 0,
    fps: 24,
    ...change,
  };
}

const quiet = { sendingVideo: true, bandwidthSuspended: 0 };

describe('connection quality from statistics', () => {
  it('rates our link by loss both ways, round trip and the send estimate', () => {
    expect(selfLinkQuality(sample(), quiet)).toBe('good');
    expect(selfLinkQuality(sample({ downlinkLoss: 0.04 }), quiet)).toBe('fair');
    expect(selfLinkQuality(sample({ uplinkLoss: 0.12 }), quiet)).toBe('poor');
    expect(selfLinkQuality(sample({ rttMs: 300 }), quiet)).toBe('fair');
    expect(selfLinkQuality(sample({ rttMs: 650 }), quiet)).toBe('poor');
    expect(selfLinkQuality(sample({ availableOutgoingBitrate: 90_000 }), quiet)).toBe('poor');
    // A low estimate does not matter when we send no video.
    expect(selfLinkQuality(sample({ availableOutgoingBitrate: 90_000 }), { ...quiet, sendingVideo: false })).toBe(
      'good',
    );
  });

  it('is poor while the SFU holds videos for our bandwidth, and unknown with nothing measured', () => {
    expect(selfLinkQuality(sample(), { ...quiet, bandwidthSuspended: 1 })).toBe('poor');
    const nothing = sample({ rttMs: null, uplinkLoss: null, downlinkLoss: null, availableOutgoingBitrate: null });
    expect(selfLinkQuality(nothing, quiet)).toBe('unknown');
  });

  it('rates a remote participant by loss over their streams, a choppy camera and a stalled video', () => {
    const flowing = new Set(['v1']);
    expect(peerLinkQuality([video('v1')], flowing)).toBe('good');
    expect(peerLinkQuality([video('v1', { packetsReceived: 90, packetsLost: 10 })], flowing)).toBe('poor');
    expect(peerLinkQuality([video('v1', { fps: 5 })], flowing)).toBe('fair');
    expect(peerLinkQuality([video('v1', { packetsReceived: 0, fps: 0 })], flowing)).toBe('poor');
    // A video we do not receive now (paused off screen, held by the SFU) is no stall; a still screen is no choppy camera.
    expect(peerLinkQuality([video('v1', { packetsReceived: 0, fps: 0 })], new Set())).toBe('unknown');
    expect(peerLinkQuality([video('v1', { source: 'screen', fps: 2 })], flowing)).toBe('good');
  });

  it('lets a worse rating show only once two readings agree, a better one at once', () => {
    expect(settledQuality([])).toBe('unknown');
    expect(settledQuality(['poor'])).toBe('unknown');
    expect(settledQuality(['good'])).toBe('good');
    expect(settledQuality(['good', 'poor'])).toBe('good');
    expect(settledQuality(['fair', 'poor'])).toBe('fair');
    expect(settledQuality(['poor', 'poor'])).toBe('poor');
    expect(settledQuality(['poor', 'good'])).toBe('good');
    expect(settledQuality(['good', 'poor', 'poor'])).toBe('poor');
  });

  it('takes the worst rating, scores included, and says what it is made of', () => {
    expect(worstQuality('good', 'unknown', 'fair')).toBe('fair');
    expect(worstQuality()).toBe('unknown');
    expect(qualityFromScores([10, 3])).toBe('poor');
    expect(describeLink({ bitrate: 1_234_000, loss: 0.004, rttMs: 35.4, fps: 23.6 })).toBe(
      '1.2 Mbit/s · 0.4 % loss · 35 ms · 24 fps',
    );
    expect(describeLink({ bitrate: 95_000, loss: null, rttMs: null, fps: null })).toBe('95 kbit/s');
  });
});
