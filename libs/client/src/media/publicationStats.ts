import type { MediaSource, RtpParameters } from '@huddle/shared';
import { z } from 'zod';

/** One outbound RTP stream of a publication (a simulcast layer, or the one stream): the sender's counters. */
export type OutboundLayerStats = {
  rid: string | null;
  ssrc: number;
  /** Whether the browser encodes this layer now (dynacast turns unwanted layers off); null if not reported. */
  active: boolean | null;
  bytesSent: number;
  packetsSent: number;
  framesEncoded: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  framesPerSecond: number | null;
  scalabilityMode: string | null;
  /** Why the encoder sends less than asked: 'bandwidth', 'cpu', 'other' or 'none'. */
  qualityLimitationReason: string | null;
  /** The codec of this stream (from its codec stats): mime type, fmtp line as negotiated, channels. */
  mimeType: string | null;
  sdpFmtpLine: string | null;
  channels: number | null;
  /** From the SFU's receiver reports: the fraction of packets lost (0–1) and the round trip, in seconds. */
  fractionLost: number | null;
  roundTripTime: number | null;
};

/** One encoding as the sender is set up now (RTCRtpSender.getParameters()). */
export type SenderEncoding = {
  rid: string | null;
  active: boolean;
  maxBitrate: number | null;
  maxFramerate: number | null;
  scaleResolutionDownBy: number | null;
  scalabilityMode: string | null;
};

/** What the track delivers (MediaStreamTrack.getSettings()): size and rate, or channels and voice processing. */
export type CaptureSettings = {
  width: number | null;
  height: number | null;
  frameRate: number | null;
  channelCount: number | null;
  echoCancellation: boolean | null;
  noiseSuppression: boolean | null;
  autoGainControl: boolean | null;
};

/** What one published source sends and how: for dashboards, diagnostics and tests. */
export type PublicationStats = {
  source: MediaSource;
  /** The local producer's id (the server's producer has the same). */
  producerId: string;
  /** What the server was told this producer sends: codecs with their parameters, encodings. */
  rtpParameters: RtpParameters;
  contentHint: string;
  capture: CaptureSettings;
  /** The sender's parameters now; null where the runtime has no RTCRtpSender (Node's libwebrtc). */
  degradationPreference: string | null;
  encodings: SenderEncoding[];
  layers: OutboundLayerStats[];
};

const optionalNumber = z.number().optional();
const outboundSchema = z.object({
  type: z.literal('outbound-rtp'),
  id: z.string(),
  ssrc: z.number(),
  rid: z.string().optional(),
  active: z.boolean().optional(),
  bytesSent: z.number().default(0),
  packetsSent: z.number().default(0),
  framesEncoded: optionalNumber,
  frameWidth: optionalNumber,
  frameHeight: optionalNumber,
  framesPerSecond: optionalNumber,
  scalabilityMode: z.string().optional(),
  qualityLimitationReason: z.string().optional(),
  codecId: z.string().optional(),
});
const codecSchema = z.object({
  type: z.literal('codec'),
  id: z.string(),
  mimeType: z.string(),
  sdpFmtpLine: z.string().optional(),
  channels: optionalNumber,
});
const remoteInboundSchema = z.object({
  type: z.literal('remote-inbound-rtp'),
  localId: z.string().optional(),
  ssrc: z.number(),
  fractionLost: optionalNumber,
  roundTripTime: optionalNumber,
});

function entries<T>(report: RTCStatsReport, schema: z.ZodType<T>): T[] {
  const values: Iterable<unknown> = report.values();
  const parsed: T[] = [];
  for (const value of values) {
    const result = schema.safeParse(value);
    if (result.success) parsed.push(result.data);
  }
  return parsed;
}

/** The outbound streams of one sender's stats report, lowest layer first (as the encodings are). */
export function outboundLayers(report: RTCStatsReport): OutboundLayerStats[] {
  const codecs = new Map(entries(report, codecSchema).map((codec) => [codec.id, codec]));
  const remote = entries(report, remoteInboundSchema);
  return entries(report, outboundSchema)
    .map((stream): OutboundLayerStats => {
      const codec = stream.codecId === undefined ? undefined : codecs.get(stream.codecId);
      const feedback = remote.find((entry) => entry.localId === stream.id || entry.ssrc === stream.ssrc);
      return {
        rid: stream.rid ?? null,
        ssrc: stream.ssrc,
        active: stream.active ?? null,
        bytesSent: stream.bytesSent,
        packetsSent: stream.packetsSent,
        framesEncoded: stream.framesEncoded ?? null,
        frameWidth: stream.frameWidth ?? null,
        frameHeight: stream.frameHeight ?? null,
        framesPerSecond: stream.framesPerSecond ?? null,
        scalabilityMode: stream.scalabilityMode ?? null,
        qualityLimitationReason: stream.qualityLimitationReason ?? null,
        mimeType: codec?.mimeType ?? null,
        sdpFmtpLine: codec?.sdpFmtpLine ?? null,
        channels: codec?.channels ?? null,
        fractionLost: feedback?.fractionLost ?? null,
        roundTripTime: feedback?.roundTripTime ?? null,
      };
    })
    .sort((a, b) => (a.rid ?? '').localeCompare(b.rid ?? ''));
}

/** TypeScript's DOM types lack an encoding's scalabilityMode (webrtc-svc): read it by schema. */
const svcEncodingSchema = z.object({ scalabilityMode: z.string() });

/** The sender's encodings as set now. */
export function senderEncodings(parameters: RTCRtpSendParameters): SenderEncoding[] {
  return parameters.encodings.map((encoding) => ({
    rid: encoding.rid ?? null,
    active: encoding.active ?? true,
    maxBitrate: encoding.maxBitrate ?? null,
    maxFramerate: encoding.maxFramerate ?? null,
    scaleResolutionDownBy: encoding.scaleResolutionDownBy ?? null,
    scalabilityMode: svcEncodingSchema.safeParse(encoding).data?.scalabilityMode ?? null,
  }));
}

/** A track's capture settings (all null for a runtime without getSettings, such as Node's libwebrtc). */
export function captureSettings(track: MediaStreamTrack | null): CaptureSettings {
  const settings: MediaTrackSettings = typeof track?.getSettings === 'function' ? track.getSettings() : {};
  return {
    width: settings.width ?? null,
    height: settings.height ?? null,
    frameRate: settings.frameRate ?? null,
    channelCount: settings.channelCount ?? null,
    echoCancellation: settings.echoCancellation ?? null,
    noiseSuppression: settings.noiseSuppression ?? null,
    autoGainControl: settings.autoGainControl ?? null,
  };
}
