import { describe, expect, it } from 'vitest';
import { RTCP_TYPE, parseRtcpPackets } from './rtcpPacket.js';

/** A Sender Report without report blocks (28 bytes) followed by an SDES with one CNAME chunk. */
function senderReportWithSdes(ssrc: number): Buffer {
  const sr = Buffer.alloc(28);
  sr[0] = 0x80;
  sr[1] = RTCP_TYPE.senderReport;
  sr.writeUInt16BE(6, 2);
  sr.writeUInt32BE(ssrc, 4);
  const sdes = Buffer.alloc(16);
  sdes[0] = 0x81;
  sdes[1] = RTCP_TYPE.sourceDescription;
  sdes.writeUInt16BE(3, 2);
  sdes.writeUInt32BE(ssrc, 4);
  sdes[8] = 1; // CNAME
  sdes[9] = 4;
  sdes.write('abcd', 10);
  return Buffer.concat([sr, sdes]);
}

describe('parseRtcpPackets', () => {
  it('splits a compound packet', () => {
    expect(parseRtcpPackets(senderReportWithSdes(42))).toEqual([
      { packetType: 200, count: 0, ssrc: 42, byteLength: 28 },
      { packetType: 202, count: 1, ssrc: 42, byteLength: 16 },
    ]);
  });

  it('keeps the packets before a truncated one', () => {
    expect(parseRtcpPackets(senderReportWithSdes(7).subarray(0, 40))).toHaveLength(1);
  });

  it('returns nothing for what is not RTCP version 2', () => {
    const packet = senderReportWithSdes(7);
    packet[0] = 0x00;
    expect(parseRtcpPackets(packet)).toEqual([]);
  });
});
