import { describe, expect, it } from 'vitest';
import { parseRange } from '../http/api/fileReply.js';
import { CaptureClock } from './captureClock.js';
import { gridCells } from './composer.js';
import { rtcpBye, startsKeyFrame } from './rtp.js';
import { trackSdp } from './sdp.js';
import { recordingDirName, safeName, trackFileName } from './storage.js';

describe('recording building blocks', () => {
  it('tells where a decoder can start: VP8, VP9 and H.264 key frames, any audio packet', () => {
    expect(startsKeyFrame('VP8', Buffer.from([0x10, 0x00]))).toBe(true);
    expect(startsKeyFrame('VP8', Buffer.from([0x10, 0x01]))).toBe(false);
    expect(startsKeyFrame('VP8', Buffer.from([0x00, 0x00]))).toBe(false);
    // X=1, I=1 with a 15-bit picture id, then the frame tag.
    expect(startsKeyFrame('VP8', Buffer.from([0x90, 0x80, 0x81, 0x02, 0x00]))).toBe(true);
    expect(startsKeyFrame('VP9', Buffer.from([0x08]))).toBe(true);
    expect(startsKeyFrame('VP9', Buffer.from([0x48]))).toBe(false);
    expect(startsKeyFrame('H264', Buffer.from([0x65]))).toBe(true);
    expect(startsKeyFrame('H264', Buffer.from([0x41]))).toBe(false);
    expect(startsKeyFrame('H264', Buffer.from([0x18, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xce]))).toBe(true);
    expect(startsKeyFrame('H264', Buffer.from([0x7c, 0x85]))).toBe(true);
    expect(startsKeyFrame('H264', Buffer.from([0x7c, 0x05]))).toBe(false);
    expect(startsKeyFrame('opus', Buffer.from([0xfc]))).toBe(true);
  });

  it("ends ffmpeg's input with a Receiver Report and a BYE of at least 12 bytes", () => {
    const bye = rtcpBye(0xdeadbeef);
    expect(bye).toHaveLength(16);
    expect([bye[1], bye[9]]).toEqual([201, 203]);
    expect(bye.readUInt32BE(12)).toBe(0xdeadbeef);
  });

  it('dates a track from its least delayed packet, audio one frame earlier than it arrived', () => {
    const video = new CaptureClock(90_000, false);
    video.observe(1_000, 10_050);
    video.observe(1_000 + 9_000, 10_130); // 100 ms later, arrived 80 ms later: less delayed
    video.observe(1_000 + 18_000, 10_300);
    expect(video.startedAt).toBe(10_030);
    expect(video.spanMs).toBe(200);
    const audio = new CaptureClock(48_000, true);
    audio.observe(4_294_967_000, 20_025); // wraps around 2^32 next
    audio.observe((4_294_967_000 + 960) % 2 ** 32, 20_040);
    expect(audio.startedAt).toBe(20_000);
    expect(audio.spanMs).toBe(20);
  });

  it('describes the track to ffmpeg with its codec, payload type and format parameters', () => {
    const sdp = trackSdp(
      { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2, parameters: { useinbandfec: 1 } },
      50_000,
    );
    expect(sdp).toContain('m=audio 50000 RTP/AVP 100');
    expect(sdp).toContain('a=rtpmap:100 opus/48000/2');
    expect(sdp).toContain('a=fmtp:100 useinbandfec=1');
  });

  it('names files with safe characters only', () => {
    expect(safeName('Ann Lée (design) ✨')).toBe('ann-lee-design');
    expect(safeName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeName('🎉')).toBe('participant');
    expect(trackFileName({ displayName: 'Ann', peerId: 'AB12-cd34' }, 'camera', 2, 'webm')).toBe(
      'ann_ab12-c_camera_2.webm',
    );
    expect(recordingDirName('team-1', Date.UTC(2026, 11, 1, 21, 5, 9), 'abcdef123456')).toBe(
      'team-1_2026-12-01T21-05-09_abcdef12',
    );
  });

  it('lays videos out in a centered grid of even sizes', () => {
    expect(gridCells(1)).toEqual([{ x: 0, y: 0, width: 1280, height: 720 }]);
    expect(gridCells(2).map((cell) => [cell.x, cell.width, cell.height])).toEqual([
      [0, 640, 720],
      [640, 640, 720],
    ]);
    const three = gridCells(3);
    expect(three.map((cell) => [cell.x, cell.y])).toEqual([
      [0, 0],
      [640, 0],
      [320, 360],
    ]);
    expect(gridCells(5).every((cell) => cell.width % 2 === 0 && cell.height % 2 === 0)).toBe(true);
  });

  it('reads one HTTP byte range', () => {
    expect(parseRange('bytes=0-99', 1_000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1_000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1_000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=0-5000', 1_000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=1000-', 1_000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 1_000)).toBeUndefined();
    expect(parseRange('', 1_000)).toBeUndefined();
  });
});
