import { describe, expect, it } from 'vitest';
import { FfmpegRtpSource, SIMULCAST_LAYERS, type SourcePacket } from './ffmpegRtpSource.js';
import { RTCP_TYPE, parseRtcpPackets } from './rtcpPacket.js';
import { parseRtpHeader } from './rtpPacket.js';
import { parseVp8KeyFrameSize } from './vp8.js';

describe('FfmpegRtpSource (runs /usr/bin/ffmpeg)', () => {
  it('sends three simulcast layers with distinct SSRCs, key frames of each size and Sender Reports', async () => {
    const packets: SourcePacket[] = [];
    const source = await FfmpegRtpSource.start({ kind: 'video', layers: SIMULCAST_LAYERS }, (packet) =>
      packets.push(packet),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await source.stop();
    expect(source.running).toBe(false);
    const count = packets.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(packets.length, 'nothing arrives after stop()').toBe(count);

    expect(new Set(source.encodings.map((encoding) => encoding.ssrc)).size).toBe(3);
    for (const [index, encoding] of source.encodings.entries()) {
      const mine = packets.filter((packet) => packet.encoding === index);
      const rtp = mine
        .filter((packet) => !packet.rtcp)
        .map((packet) => ({ packet, header: parseRtpHeader(packet.data) }));
      expect(rtp.every(({ header }) => header?.ssrc === encoding.ssrc && header.payloadType === 96)).toBe(true);
      const sizes = rtp.flatMap(({ packet, header }) => {
        if (!header) return [];
        const size = parseVp8KeyFrameSize(
          packet.data.subarray(header.payloadOffset, header.payloadOffset + header.payloadLength),
        );
        return size ? [size] : [];
      });
      expect(sizes[0]).toEqual({ width: encoding.layer?.width, height: encoding.layer?.height });
      const reports = mine.filter((packet) => packet.rtcp).flatMap((packet) => parseRtcpPackets(packet.data));
      expect(reports).toContainEqual(
        expect.objectContaining({ packetType: RTCP_TYPE.senderReport, ssrc: encoding.ssrc }),
      );
    }
  });

  it('sends Opus', async () => {
    const packets: SourcePacket[] = [];
    const source = await FfmpegRtpSource.start({ kind: 'audio' }, (packet) => packets.push(packet));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await source.stop();
    const [encoding] = source.encodings;
    const rtp = packets.filter((packet) => !packet.rtcp).map((packet) => parseRtpHeader(packet.data));
    expect(rtp.length).toBeGreaterThan(5);
    expect(rtp.every((header) => header?.ssrc === encoding?.ssrc && header?.payloadType === 111)).toBe(true);
  });

  it('fails with ffmpeg’s message and leaves nothing running when ffmpeg cannot start', async () => {
    await expect(FfmpegRtpSource.start({ kind: 'video', pattern: 'no-such-pattern' }, () => undefined)).rejects.toThrow(
      /ffmpeg exited with code 1 before sending media: .*no-such-pattern/s,
    );
  });
});
