import type { MediaKind, RtpParameters } from '@huddle/shared';
import type { SourceEncoding } from '../../rtp/ffmpegRtpSource.js';
import type { SdpCodec } from './remoteSdp.js';

export type SourceCodec = SdpCodec & { mimeType: string };

/** What ffmpeg sends, as mediasoup codec parameters: VP8, or Opus (declared stereo, as mediasoup requires). */
export function sourceCodec(kind: MediaKind, payloadType: number): SourceCodec {
  return kind === 'video'
    ? { payloadType, name: 'VP8', mimeType: 'video/VP8', clockRate: 90000 }
    : { payloadType, name: 'opus', mimeType: 'audio/opus', clockRate: 48000, channels: 2 };
}

/**
 * The producer's rtpParameters for an ffmpeg source: its codec and payload type, one encoding per SSRC
 * (smallest layer first for simulcast), no header extensions (ffmpeg sends none), no RTCP feedback (ffmpeg
 * cannot answer NACK or PLI; it sends key frames every 2 s instead). mediasoup maps incoming packets to the
 * producer by SSRC; the mid only names the m-section.
 */
export function producerRtpParameters(
  codec: SourceCodec,
  encodings: readonly SourceEncoding[],
  cname: string,
  mid: string,
): RtpParameters {
  const { mimeType, payloadType, clockRate, channels } = codec;
  return {
    mid,
    codecs: [{ mimeType, payloadType, clockRate, ...(channels ? { channels } : {}), parameters: {}, rtcpFeedback: [] }],
    headerExtensions: [],
    encodings: encodings.map((encoding) => ({ ssrc: encoding.ssrc })),
    rtcp: { cname, reducedSize: true, mux: true },
  };
}
