import type { MediaKind, MediaSource } from '@huddle/shared';
import type { types } from 'mediasoup-client';

/** A local track to send, and how to encode it; kept so it can be produced again after a rejoin. */
export type Publication = {
  source: MediaSource;
  track: MediaStreamTrack;
  encodings?: types.RtpEncodingParameters[];
  codecOptions?: types.ProducerCodecOptions;
  /** Pick this codec (mime type) when the device can send it; otherwise the router's first. */
  preferredCodec?: string;
  muted: boolean;
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

export function publication(source: MediaSource, track: MediaStreamTrack, simulcast = false): Publication {
  if (track.kind !== SOURCE_KIND[source]) {
    throw new TypeError(`"${source}" needs an ${SOURCE_KIND[source]} track, not ${track.kind}`);
  }
  if (SOURCE_KIND[source] === 'audio') return { source, track, codecOptions: AUDIO_CODEC_OPTIONS, muted: false };
  return {
    source,
    track,
    codecOptions: VIDEO_CODEC_OPTIONS,
    ...(simulcast ? { encodings: simulcastEncodings(), preferredCodec: 'video/VP8' } : {}),
    muted: false,
  };
}
