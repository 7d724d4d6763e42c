import type { MediaKind, MediaSource } from '@huddle/shared';
import type { types } from 'mediasoup-client';

/** How a source is sent; kept with its publication, so it is produced the same way after a rejoin. */
export type SendSettings = {
  encodings?: types.RtpEncodingParameters[];
  codecOptions?: types.ProducerCodecOptions;
  /** Pick this codec (mime type) when the device can send it; otherwise the router's first. */
  preferredCodec?: string;
  /** Send no RTP at all while paused (default false: the browser sends silence / black frames). */
  zeroRtpOnPause?: boolean;
};

export const SOURCE_KIND: Readonly<Record<MediaSource, MediaKind>> = {
  mic: 'audio',
  camera: 'video',
  screen: 'video',
  'screen-audio': 'audio',
};

const AUDIO_CODEC_OPTIONS: types.ProducerCodecOptions = { opusDtx: true, opusFec: true };
const VIDEO_CODEC_OPTIONS: types.ProducerCodecOptions = { videoGoogleStartBitrate: 1000 };

/** ¼, ½ and full resolution; mediasoup-client names them r0..r2 and gives each the same temporal layers. */
function simulcastEncodings(): types.RtpEncodingParameters[] {
  return [
    { scaleResolutionDownBy: 4, maxBitrate: 100_000, scalabilityMode: 'L1T3' },
    { scaleResolutionDownBy: 2, maxBitrate: 300_000, scalabilityMode: 'L1T3' },
    { scaleResolutionDownBy: 1, maxBitrate: 900_000, scalabilityMode: 'L1T3' },
  ];
}

/** Throws if `track` cannot be sent as `source` (a video track as the mic, say). */
export function assertTrackFits(source: MediaSource, track: MediaStreamTrack): void {
  if (track.kind !== SOURCE_KIND[source]) {
    throw new TypeError(`"${source}" needs an ${SOURCE_KIND[source]} track, not ${track.kind}`);
  }
}

/** The default settings: Opus with DTX and FEC for audio; video at a quick start bitrate, simulcast if asked. */
export function defaultSendSettings(source: MediaSource, simulcast = false): SendSettings {
  if (SOURCE_KIND[source] === 'audio') return { codecOptions: AUDIO_CODEC_OPTIONS };
  return {
    codecOptions: VIDEO_CODEC_OPTIONS,
    ...(simulcast ? { encodings: simulcastEncodings(), preferredCodec: 'video/VP8' } : {}),
  };
}
