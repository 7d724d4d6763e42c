import { describe, expect, it } from 'vitest';
import { parseVp8KeyFrameSize } from './vp8.js';

/** A VP8 key frame's first bytes: frame tag (key frame: bit 0 clear), start code, 14-bit width and height. */
function keyFrameHeader(width: number, height: number, scale = 0): number[] {
  const w = width | (scale << 14);
  const h = height | (scale << 14);
  return [0x50, 0x2a, 0x00, 0x9d, 0x01, 0x2a, w & 0xff, w >> 8, h & 0xff, h >> 8];
}

describe('parseVp8KeyFrameSize', () => {
  it('reads the size after ffmpeg’s descriptor (X, S, 15-bit picture ID)', () => {
    const payload = Uint8Array.from([0x90, 0x80, 0x81, 0x23, ...keyFrameHeader(640, 360)]);
    expect(parseVp8KeyFrameSize(payload)).toEqual({ width: 640, height: 360 });
  });

  it('handles the minimal descriptor and libwebrtc’s (picture ID, TL0PICIDX, TID)', () => {
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x10, ...keyFrameHeader(160, 90)]))).toEqual({
      width: 160,
      height: 90,
    });
    const webrtc = Uint8Array.from([0x90, 0xe0, 0x85, 0x10, 0x07, 0x40, ...keyFrameHeader(1280, 720)]);
    expect(parseVp8KeyFrameSize(webrtc)).toEqual({ width: 1280, height: 720 });
    const shortPictureId = Uint8Array.from([0x90, 0x80, 0x05, ...keyFrameHeader(320, 180)]);
    expect(parseVp8KeyFrameSize(shortPictureId)).toEqual({ width: 320, height: 180 });
  });

  it('ignores the scaling bits', () => {
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x10, ...keyFrameHeader(320, 180, 2)]))).toEqual({
      width: 320,
      height: 180,
    });
  });

  it('returns nothing for inter frames, continuation packets and truncated payloads', () => {
    const inter = keyFrameHeader(640, 360);
    inter[0] = 0x51; // P bit set: inter frame
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x10, ...inter]))).toBeUndefined();
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x00, ...keyFrameHeader(640, 360)]))).toBeUndefined();
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x11, ...keyFrameHeader(640, 360)]))).toBeUndefined();
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x10, ...keyFrameHeader(640, 360).slice(0, 8)]))).toBeUndefined();
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x90]))).toBeUndefined();
    expect(parseVp8KeyFrameSize(new Uint8Array())).toBeUndefined();
  });

  it('requires the start code', () => {
    const header = keyFrameHeader(640, 360);
    header[3] = 0x00;
    expect(parseVp8KeyFrameSize(Uint8Array.from([0x10, ...header]))).toBeUndefined();
  });
});
