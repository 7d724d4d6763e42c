import { describe, expect, it } from 'vitest';
import { audioArgs, videoArgs } from './ffmpegArgs.js';

const after = (args: string[], flag: string): string[] =>
  args.flatMap((arg, index) => (arg === flag ? [args[index + 1] ?? ''] : []));

describe('ffmpeg arguments', () => {
  it('encodes each simulcast layer once, from one split source, to its own RTP port and SSRC', () => {
    const args = videoArgs(
      {
        layers: [
          { width: 160, height: 90, bitrate: 80_000 },
          { width: 640, height: 360, bitrate: 500_000 },
        ],
        frameRate: 15,
        pattern: 'testsrc2',
        outputs: [
          { ssrc: 11, payloadType: 96, port: 5000 },
          { ssrc: 22, payloadType: 96, port: 5002 },
        ],
      },
      'cname',
    );
    expect(after(args, '-i')[0]).toMatch(/^testsrc2=size=640x360:rate=15,drawbox=.*overlay=x='mod\(time\(0\)/);
    expect(after(args, '-filter_complex')).toEqual(['[0:v]split=2[s0][s1];[s0]scale=160:90[v0];[s1]null[v1]']);
    expect(after(args, '-map')).toEqual(['[v0]', '[v1]']);
    expect(after(args, '-ssrc')).toEqual(['11', '22']);
    expect(after(args, '-b:v')).toEqual(['80000', '500000']);
    expect(after(args, '-g')).toEqual(['15', '15']);
    expect(after(args, '-deadline')).toEqual(['realtime', 'realtime']);
    expect(args.filter((arg) => arg.startsWith('rtp://'))).toEqual([
      'rtp://127.0.0.1:5000?pkt_size=1200&rtcpport=5000',
      'rtp://127.0.0.1:5002?pkt_size=1200&rtcpport=5002',
    ]);
  });

  it('maps a single layer straight from the source', () => {
    const args = videoArgs(
      {
        layers: [{ width: 640, height: 360, bitrate: 500_000 }],
        frameRate: 10,
        pattern: 'testsrc',
        outputs: [{ ssrc: 1, payloadType: 100, port: 6000 }],
      },
      'c',
    );
    expect(after(args, '-filter_complex')).toEqual([]);
    expect(after(args, '-map')).toEqual(['0:v']);
    expect(after(args, '-g')).toEqual(['10']);
    expect(after(args, '-payload_type')).toEqual(['100']);
  });

  it('refuses layers without outputs', () => {
    expect(() =>
      videoArgs({ layers: [{ width: 1, height: 1, bitrate: 1 }], frameRate: 1, pattern: 'testsrc', outputs: [] }, 'c'),
    ).toThrow(/one RTP output per video layer/);
  });

  it('encodes a sine tone to Opus', () => {
    const args = audioArgs({ bitrate: 32_000, frequency: 440, output: { ssrc: 5, payloadType: 111, port: 7000 } }, 'c');
    expect(after(args, '-i')[0]).toMatch(
      /^sine=frequency=440:sample_rate=48000:samples_per_frame=240,volume=eval=frame/,
    );
    expect(after(args, '-c:a')).toEqual(['libopus']);
    expect(after(args, '-ssrc')).toEqual(['5']);
  });
});
