import { describe, expect, it } from 'vitest';
import { RTCP_TYPE, parseRtcpPackets } from './rtcpPacket.js';
import { parseRtpHeader } from './rtpPacket.js';
import { SharedRtpSource, withSsrc } from './sharedRtpSource.js';

describe('withSsrc', () => {
  it("rewrites an RTP packet's SSRC in a copy", () => {
    const data = Buffer.alloc(20);
    data[0] = 0x80;
    data[1] = 96;
    data.writeUInt32BE(1111, 8);
    const copy = withSsrc({ encoding: 0, rtcp: false, data }, 2222);
    expect(parseRtpHeader(copy)?.ssrc).toBe(2222);
    expect(data.readUInt32BE(8)).toBe(1111);
  });

  it('rewrites the SR and the SDES chunk of a compound packet', () => {
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = RTCP_TYPE.senderReport;
    sr.writeUInt16BE(6, 2);
    sr.writeUInt32BE(1111, 4);
    const sdes = Buffer.alloc(12);
    sdes[0] = 0x81;
    sdes[1] = RTCP_TYPE.sourceDescription;
    sdes.writeUInt16BE(2, 2);
    sdes.writeUInt32BE(1111, 4);
    const copy = withSsrc({ encoding: 0, rtcp: true, data: Buffer.concat([sr, sdes]) }, 3333);
    expect(parseRtcpPackets(copy).map((packet) => packet.ssrc)).toEqual([3333, 3333]);
  });
});

describe('SharedRtpSource', () => {
  it('fans one ffmpeg encode out to subscribers, each under its own SSRCs, and stops with the last', async () => {
    const shared = new SharedRtpSource({ kind: 'audio' });
    const seen = [new Set<number>(), new Set<number>()];
    const subscriptions = await Promise.all(
      seen.map((ssrcs) =>
        shared.subscribe((packet) => {
          if (!packet.rtcp) ssrcs.add(parseRtpHeader(packet.data)?.ssrc ?? 0);
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [first, second] = subscriptions;
    expect(first?.encodings[0]?.ssrc).not.toBe(second?.encodings[0]?.ssrc);
    expect([...(seen[0] ?? [])]).toEqual([first?.encodings[0]?.ssrc]);
    expect([...(seen[1] ?? [])]).toEqual([second?.encodings[0]?.ssrc]);
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  });

  it('with a spread, delivers to each subscriber at its own fixed delay, in order', async () => {
    const shared = new SharedRtpSource({ kind: 'audio' }, { spreadMs: 60 });
    const arrivals = [new Map<number, number>(), new Map<number, number>()];
    const order: number[][] = [[], []];
    const subscriptions = await Promise.all(
      arrivals.map((arrived, index) =>
        shared.subscribe((packet) => {
          const header = packet.rtcp ? undefined : parseRtpHeader(packet.data);
          if (!header) return;
          arrived.set(header.sequenceNumber, performance.now());
          order[index]?.push(header.sequenceNumber);
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    const [first, second] = arrivals;
    // Subscriber 0 gets no delay, subscriber 1 gets 0.618 × 60 ≈ 37 ms: the same packet arrives that much later.
    const lags = [...(first ?? [])].flatMap(([sequence, at]) => {
      const later = second?.get(sequence);
      return later === undefined ? [] : [later - at];
    });
    expect(lags.length).toBeGreaterThan(5);
    const sorted = lags.sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(30);
    // Subscriber 0 gets the packets as ffmpeg sends them; subscriber 1 the same, in the same order (fewer at the end).
    const [sent = [], delayed = []] = order;
    expect(delayed).toEqual(sent.slice(0, delayed.length));
  });

  it('refuses a spread outside 0–1000 ms', () => {
    expect(() => new SharedRtpSource({ kind: 'audio' }, { spreadMs: -1 })).toThrow(RangeError);
    expect(() => new SharedRtpSource({ kind: 'audio' }, { spreadMs: Number.NaN })).toThrow(RangeError);
  });
});
