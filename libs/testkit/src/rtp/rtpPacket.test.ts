import { describe, expect, it } from 'vitest';
import { isRtcp, parseRtpHeader, rtpHeaderExtension } from './rtpPacket.js';

function rtp(options: { csrcs?: number; extensionWords?: number; padding?: number; payload?: number } = {}): Buffer {
  const csrcs = options.csrcs ?? 0;
  const extension = options.extensionWords === undefined ? 0 : 4 + options.extensionWords * 4;
  const padding = options.padding ?? 0;
  const packet = Buffer.alloc(12 + csrcs * 4 + extension + (options.payload ?? 10) + padding);
  packet[0] = 0x80 | (padding ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcs;
  packet[1] = 0x80 | 101; // marker + PT 101
  packet.writeUInt16BE(65535, 2);
  packet.writeUInt32BE(0xdeadbeef, 4);
  packet.writeUInt32BE(0x12345678, 8);
  if (extension) packet.writeUInt16BE(options.extensionWords ?? 0, 12 + csrcs * 4 + 2);
  if (padding) packet[packet.length - 1] = padding;
  return packet;
}

describe('parseRtpHeader', () => {
  it('reads the fixed header', () => {
    expect(parseRtpHeader(rtp())).toEqual({
      payloadType: 101,
      marker: true,
      sequenceNumber: 65535,
      timestamp: 0xdeadbeef,
      ssrc: 0x12345678,
      payloadOffset: 12,
      payloadLength: 10,
    });
  });

  it('skips CSRCs and the header extension, and leaves padding out of the payload', () => {
    expect(parseRtpHeader(rtp({ csrcs: 2, extensionWords: 3, padding: 4, payload: 20 }))).toMatchObject({
      payloadOffset: 12 + 8 + 4 + 12,
      payloadLength: 20,
    });
  });

  it('works on a view into a larger buffer', () => {
    const packet = rtp();
    const larger = Buffer.concat([Buffer.alloc(7), packet]);
    expect(parseRtpHeader(larger.subarray(7))?.ssrc).toBe(0x12345678);
  });

  it('rejects what is not RTP version 2 or is truncated', () => {
    const wrongVersion = rtp();
    wrongVersion[0] = 0x40;
    expect(parseRtpHeader(wrongVersion)).toBeUndefined();
    expect(parseRtpHeader(rtp().subarray(0, 11))).toBeUndefined();
    expect(parseRtpHeader(rtp({ extensionWords: 3 }).subarray(0, 14))).toBeUndefined();
    expect(parseRtpHeader(rtp({ extensionWords: 30, payload: 0 }).subarray(0, 20))).toBeUndefined();
  });
});

describe('isRtcp', () => {
  it('tells RTCP (packet types 192–223) from RTP by the second byte', () => {
    expect(isRtcp(Buffer.from([0x80, 200, 0, 6]))).toBe(true);
    expect(isRtcp(Buffer.from([0x81, 206, 0, 2]))).toBe(true);
    expect(isRtcp(rtp())).toBe(false);
    expect(isRtcp(Buffer.from([0x80, 96]))).toBe(false);
    expect(isRtcp(Buffer.from([0x80]))).toBe(false);
  });
});

describe('rtpHeaderExtension', () => {
  const withExtension = (profile: number, elements: number[]): Buffer => {
    const words = Math.ceil(elements.length / 4);
    const packet = Buffer.alloc(12 + 4 + words * 4 + 2);
    packet[0] = 0x90;
    packet[1] = 96;
    packet.writeUInt16BE(profile, 12);
    packet.writeUInt16BE(words, 14);
    Buffer.from(elements).copy(packet, 16);
    return packet;
  };

  it('finds an element of the one-byte form past padding and other elements', () => {
    // id 3 (1 byte), padding, id 5 (2 bytes: transport-wide sequence number 0x1234)
    const packet = withExtension(0xbede, [0x30, 0xaa, 0x00, 0x51, 0x12, 0x34]);
    expect([...(rtpHeaderExtension(packet, 5) ?? [])]).toEqual([0x12, 0x34]);
    expect([...(rtpHeaderExtension(packet, 3) ?? [])]).toEqual([0xaa]);
    expect(rtpHeaderExtension(packet, 4)).toBeUndefined();
  });

  it('finds an element of the two-byte form, and nothing without an extension', () => {
    const packet = withExtension(0x1000, [7, 2, 0xab, 0xcd]);
    expect([...(rtpHeaderExtension(packet, 7) ?? [])]).toEqual([0xab, 0xcd]);
    const bare = Buffer.alloc(20);
    bare[0] = 0x80;
    expect(rtpHeaderExtension(bare, 7)).toBeUndefined();
  });
});
