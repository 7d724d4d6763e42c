import { describe, expect, it } from 'vitest';
import { parseRtpHeader } from '@huddle/testkit';
import { ArrivalMatcher, packetKey, summarizeDeltas } from './arrivalMatcher.js';

/** An RTP packet: version 2, `payloadType`, sequence number, timestamp, SSRC, then `payload`. */
function rtp(payloadType: number, sequence: number, timestamp: number, ssrc: number, payload: number[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt8(0x80, 0);
  header.writeUInt8(payloadType, 1);
  header.writeUInt16BE(sequence, 2);
  header.writeUInt32BE(timestamp, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, Buffer.from(payload)]);
}

function key(kind: 'audio' | 'video', packet: Buffer): string {
  const header = parseRtpHeader(packet);
  if (!header) throw new Error('not RTP');
  return packetKey(kind, header, packet);
}

describe('packetKey', () => {
  it('names audio by its RTP timestamp, whatever SSRC and sequence number each consumer gave it', () => {
    expect(key('audio', rtp(100, 7, 48_000, 1, [1, 2, 3]))).toBe(key('audio', rtp(100, 900, 48_000, 2, [1, 2, 3])));
    expect(key('audio', rtp(100, 7, 48_000, 1, [1]))).not.toBe(key('audio', rtp(100, 8, 48_960, 1, [1])));
  });

  it('names video by the end of its payload, not the rewritten descriptor or timestamp', () => {
    const frame = Array.from({ length: 40 }, (_, index) => (index * 7) % 256);
    const one = rtp(101, 10, 90_000, 1, [0x90, 0x80, 0x12, ...frame]);
    const other = rtp(101, 4_000, 123_456, 2, [0x90, 0x80, 0x7f, ...frame]);
    expect(key('video', one)).toBe(key('video', other));
    expect(key('video', one)).not.toBe(key('video', rtp(101, 11, 90_000, 1, [0x90, 0x80, 0x12, ...frame, 1])));
  });
});

describe('ArrivalMatcher', () => {
  it('pairs the two arrivals of each packet, in either order, as test − reference', () => {
    const matcher = new ArrivalMatcher();
    matcher.record('reference', 'audio', 'a1', 100);
    matcher.record('test', 'audio', 'a1', 100.4);
    matcher.record('test', 'video', 'v1', 200);
    matcher.record('reference', 'video', 'v1', 200.25);
    expect(matcher.deltas.audio).toHaveLength(1);
    expect(matcher.deltas.audio[0]).toBeCloseTo(0.4);
    expect(matcher.deltas.video[0]).toBeCloseTo(-0.25);
    expect(matcher.unmatched).toBe(0);
  });

  it('counts arrivals whose twin never came once they expire', () => {
    const matcher = new ArrivalMatcher();
    matcher.record('reference', 'video', 'v1', 10);
    matcher.record('test', 'video', 'v2', 50);
    matcher.expire(20);
    expect(matcher.unmatched).toBe(1);
    matcher.record('reference', 'video', 'v1', 60);
    matcher.expire(Number.POSITIVE_INFINITY);
    expect(matcher.unmatched).toBe(3);
    expect(matcher.deltas.video).toEqual([]);
  });
});

describe('summarizeDeltas', () => {
  it('gives count, mean and percentiles, NaN when nothing matched', () => {
    const summary = summarizeDeltas([0.1, 0.2, 0.3, 0.4, 1]);
    expect(summary).toMatchObject({ packets: 5, p50Ms: 0.3, p95Ms: 1, p99Ms: 1 });
    expect(summary.meanMs).toBeCloseTo(0.4);
    expect(Number.isNaN(summarizeDeltas([]).p50Ms)).toBe(true);
  });
});
