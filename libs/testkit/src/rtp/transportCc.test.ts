import { describe, expect, it } from 'vitest';
import { RTCP_TYPE } from './rtcpPacket.js';
import { TRANSPORT_CC_FMT, buildTransportCcFeedback, parseTransportCcFeedback } from './transportCc.js';

describe('transport-cc feedback', () => {
  it('has the header of RTPFB FMT 15 and a length in 32-bit words', () => {
    const packet = buildTransportCcFeedback({
      senderSsrc: 1,
      mediaSsrc: 2,
      baseSequence: 65535,
      arrivals: [1000],
      feedbackCount: 7,
    });
    expect(packet[0]).toBe(0x80 | TRANSPORT_CC_FMT);
    expect(packet[1]).toBe(RTCP_TYPE.transportFeedback);
    expect(packet.length % 4).toBe(0);
    expect((packet.readUInt16BE(2) + 1) * 4).toBe(packet.length);
    expect(packet.readUInt32BE(4)).toBe(1);
    expect(packet.readUInt32BE(8)).toBe(2);
    expect(packet.readUInt16BE(12)).toBe(65535);
    expect(packet.readUInt16BE(14)).toBe(1);
    expect(packet.readUInt32BE(16) >>> 8).toBe(Math.floor(1000 / 64)); // reference time
    expect(packet[19]).toBe(7);
  });

  it('round-trips arrivals, missing packets, large and negative deltas to 250 µs', () => {
    const arrivals = [1000.1, undefined, 1001, 1100, 1099.5, undefined, undefined, 1300.25, 1300.3];
    const packet = buildTransportCcFeedback({
      senderSsrc: 1,
      mediaSsrc: 2,
      baseSequence: 10,
      arrivals,
      feedbackCount: 0,
    });
    const parsed = parseTransportCcFeedback(packet);
    expect(parsed?.baseSequence).toBe(10);
    expect(
      parsed?.arrivals.map((arrival) => (arrival === undefined ? undefined : Math.round(arrival * 4) / 4)),
    ).toEqual([1000, undefined, 1001, 1100, 1099.5, undefined, undefined, 1300.25, 1300.25]);
  });

  it('refuses a feedback with no packet received, and parses only transport-cc', () => {
    expect(() =>
      buildTransportCcFeedback({
        senderSsrc: 1,
        mediaSsrc: 2,
        baseSequence: 0,
        arrivals: [undefined],
        feedbackCount: 0,
      }),
    ).toThrow(/at least one/);
    const packet = buildTransportCcFeedback({
      senderSsrc: 1,
      mediaSsrc: 2,
      baseSequence: 0,
      arrivals: [5],
      feedbackCount: 0,
    });
    packet[0] = 0x81; // FMT 1 = generic NACK
    expect(parseTransportCcFeedback(packet)).toBeUndefined();
  });
});
