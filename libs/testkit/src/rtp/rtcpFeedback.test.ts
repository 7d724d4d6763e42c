import { describe, expect, it } from 'vitest';
import { buildReceiverReports, parseSenderReports, type ReportBlock } from './rtcpFeedback.js';
import { RTCP_TYPE, parseRtcpPackets } from './rtcpPacket.js';

const block = (ssrc: number): ReportBlock => ({
  ssrc,
  fractionLost: 12,
  cumulativeLost: -3,
  extendedHighestSequence: 0x1_0005,
  jitter: 41.6,
  lastSenderReport: 0xdeadbeef,
  delaySinceLastSenderReport: 65536 / 2,
});

describe('buildReceiverReports', () => {
  it('writes each block as RFC 3550 §6.4.2 lays it out', () => {
    const packet = buildReceiverReports(0x01020304, [block(7)]);
    expect(packet.length).toBe(32);
    expect(packet[0]).toBe(0x81);
    expect(packet[1]).toBe(RTCP_TYPE.receiverReport);
    expect(packet.readUInt16BE(2)).toBe(7);
    expect(packet.readUInt32BE(4)).toBe(0x01020304);
    expect(packet.readUInt32BE(8)).toBe(7);
    expect(packet[12]).toBe(12);
    expect(packet.readIntBE(13, 3)).toBe(-3);
    expect(packet.readUInt32BE(16)).toBe(0x1_0005);
    expect(packet.readUInt32BE(20)).toBe(42);
    expect(packet.readUInt32BE(24)).toBe(0xdeadbeef);
    expect(packet.readUInt32BE(28)).toBe(32768);
  });

  it('splits more than 31 blocks into several RRs of one compound packet, and sends an empty RR for none', () => {
    const blocks = Array.from({ length: 40 }, (_, index) => block(index + 1));
    const packets = parseRtcpPackets(buildReceiverReports(9, blocks));
    expect(packets.map((packet) => [packet.packetType, packet.count, packet.ssrc])).toEqual([
      [RTCP_TYPE.receiverReport, 31, 9],
      [RTCP_TYPE.receiverReport, 9, 9],
    ]);
    expect(parseRtcpPackets(buildReceiverReports(9, []))).toEqual([
      { packetType: RTCP_TYPE.receiverReport, count: 0, ssrc: 9, byteLength: 8 },
    ]);
  });
});

describe('parseSenderReports', () => {
  it("reads each SR's SSRC and the middle 32 bits of its NTP timestamp, skipping other packets", () => {
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = RTCP_TYPE.senderReport;
    sr.writeUInt16BE(6, 2);
    sr.writeUInt32BE(0xaabbccdd, 4);
    sr.writeUInt32BE(0x11223344, 8); // NTP seconds
    sr.writeUInt32BE(0x55667788, 12); // NTP fraction
    const rr = buildReceiverReports(1, []);
    expect(parseSenderReports(Buffer.concat([rr, sr]))).toEqual([{ ssrc: 0xaabbccdd, ntpMiddle: 0x33445566 }]);
    expect(parseSenderReports(sr.subarray(0, 20))).toEqual([]);
  });
});
