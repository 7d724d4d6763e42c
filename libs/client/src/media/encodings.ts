import type { MediaKind, MediaSource } from '@huddle/shared';
import type { types } from 'mediasoup-client';

/**
 * One SVC stream in place of simulcast: used when the device can send `codec` (the router offers it and the
 * browser has it) and the browser says it encodes `scalabilityMode` at `width`×`height` (MediaCapabilities).
 */
export type SvcPreference = {
  codec: string;
  scalabilityMode: string;
  maxBitrate: number;
  maxFramerate: number;
  width: number;
  height: number;
};

/** How a source is sent; kept with its publication, so it is produced the same way after a rejoin. */
export type SendSettings = {
  encodings?: types.RtpEncodingParameters[];
  codecOptions?: types.ProducerCodecOptions;
  /** Pick this codec (mime type) when the device can send it; otherwise the router's first. */
  preferredCodec?: string;
  /** Send one SVC stream instead of `encodings` / `preferredCodec` when the browser can (see SvcPreference). */
  svc?: SvcPreference;
  /** What the browser gives up first when the CPU or the link cannot keep up (RTCRtpSender parameters). */
  degradationPreference?: RTCDegradationPreference;
  /** The track's content hint, set when the caller left it empty ('detail' for slides and text). */
  contentHint?: 'motion' | 'detail' | 'text' | 'speech' | 'music';
  /** Send no RTP at all while paused (default false: the browser sends silence / black frames). */
  zeroRtpOnPause?: boolean;
};

export const SOURCE_KIND: Readonly<Record<MediaSource, MediaKind>> = {
  mic: 'audio',
  camera: 'video',
  screen: 'video',
  'screen-audio': 'audio',
};

const VOICE_CODEC_OPTIONS: types.ProducerCodecOptions = { opusDtx: true, opusFec: true };
/** Screen sound is often music or a video's soundtrack: stereo, never silenced by DTX, at a music bitrate. */
const SCREEN_AUDIO_CODEC_OPTIONS: types.ProducerCodecOptions = {
  opusStereo: true,
  opusDtx: false,
  opusFec: true,
  opusMaxAverageBitrate: 128_000,
};
const VIDEO_CODEC_OPTIONS: types.ProducerCodecOptions = { videoGoogleStartBitrate: 1000 };

/**
 * The camera ladder for a 720p camera, mediasoup-client naming them r0..r2: 320×180 at 150 kbit/s, 640×360 at
 * 450 kbit/s, 1280×720 at 1.5 Mbit/s, each at up to 30 fps in three temporal layers (30, 15, 7.5 fps). The
 * server's allocator drops a spatial layer before it drops frame rate, so every layer keeps the full rate (see
 * the README for the numbers against LiveKit's and Jitsi's).
 */
export const CAMERA_ENCODINGS: readonly types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, maxFramerate: 30, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 450_000, maxFramerate: 30, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000, maxFramerate: 30, scalabilityMode: 'L1T3' },
];

/**
 * A shared screen, at most 1920×1080 and 15 fps: VP9 with temporal layers only (L1T3) when the browser and the
 * router allow it — text stays at full resolution and a constrained receiver gets fewer frames, not blur — else
 * two VP8 layers (half and full resolution). Bitrates are high for the frame rate: sharp text needs bits per
 * frame, and a still screen costs little whatever the cap.
 */
export const SCREEN_SVC: SvcPreference = {
  codec: 'video/VP9',
  scalabilityMode: 'L1T3',
  maxBitrate: 2_000_000,
  maxFramerate: 15,
  width: 1920,
  height: 1080,
};
export const SCREEN_ENCODINGS: readonly types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, maxFramerate: 15, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 2_500_000, maxFramerate: 15, scalabilityMode: 'L1T3' },
];

/** Throws if `track` cannot be sent as `source` (a video track as the mic, say). */
export function assertTrackFits(source: MediaSource, track: MediaStreamTrack): void {
  if (track.kind !== SOURCE_KIND[source]) {
    throw new TypeError(`"${source}" needs an ${SOURCE_KIND[source]} track, not ${track.kind}`);
  }
}

function cameraSettings(simulcast: boolean): SendSettings {
  return {
    codecOptions: VIDEO_CODEC_OPTIONS,
    degradationPreference: 'maintain-framerate',
    ...(simulcast
      ? { encodings: CAMERA_ENCODINGS.map((encoding) => ({ ...encoding })), preferredCodec: 'video/VP8' }
      : {}),
  };
}

function screenSettings(): SendSettings {
  return {
    codecOptions: VIDEO_CODEC_OPTIONS,
    encodings: SCREEN_ENCODINGS.map((encoding) => ({ ...encoding })),
    preferredCodec: 'video/VP8',
    svc: SCREEN_SVC,
    degradationPreference: 'maintain-resolution',
    contentHint: 'detail',
  };
}

/**
 * The default settings per source: the mic as voice (Opus with DTX and FEC); screen sound as stereo Opus at
 * 128 kbit/s without DTX; the camera frame rate first, in three layers unless `simulcast` is false; a screen
 * resolution first, as VP9 SVC or two VP8 layers.
 */
export function defaultSendSettings(source: MediaSource, simulcast = false): SendSettings {
  switch (source) {
    case 'mic':
      return { codecOptions: VOICE_CODEC_OPTIONS };
    case 'screen-audio':
      return { codecOptions: SCREEN_AUDIO_CODEC_OPTIONS, contentHint: 'music' };
    case 'camera':
      return cameraSettings(simulcast);
    case 'screen':
      return screenSettings();
  }
}
