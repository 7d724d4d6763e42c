import type { MediaKind, MediaSource } from '@huddle/shared';
import { z } from 'zod';
import type { RemoteTrack } from './peerMedia.js';

/** A consumer's inbound-rtp statistics; a field is null when the browser does not report it for that kind. */
export type ConsumerStats = {
  consumerId: string;
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  framesDecoded: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  packetsReceived: number | null;
  /** Packets that never arrived (nor were repaired by a retransmission in time). */
  packetsLost: number | null;
  bytesReceived: number | null;
  audioLevel: number | null;
};

const counter = z.number().optional();
const inboundRtpSchema = z.object({
  type: z.literal('inbound-rtp'),
  ssrc: z.number(),
  framesDecoded: counter,
  frameWidth: counter,
  frameHeight: counter,
  packetsReceived: counter,
  packetsLost: counter,
  bytesReceived: counter,
  audioLevel: counter,
});

/**
 * Picks a consumer's inbound-rtp entry out of its receive transport's stats report, by the SSRC the server sends
 * it on (one report for every consumer; libwebrtc for Node has no per-receiver stats).
 */
export function consumerStats(track: RemoteTrack, ssrc: number | undefined, report: RTCStatsReport): ConsumerStats {
  const entries: Iterable<unknown> = report.values();
  let inbound: z.infer<typeof inboundRtpSchema> | undefined;
  for (const entry of entries) {
    const parsed = inboundRtpSchema.safeParse(entry);
    if (parsed.success && parsed.data.ssrc === ssrc) {
      inbound = parsed.data;
      break;
    }
  }
  return {
    consumerId: track.consumerId,
    peerId: track.peerId,
    source: track.source,
    kind: track.kind,
    framesDecoded: inbound?.framesDecoded ?? null,
    frameWidth: inbound?.frameWidth ?? null,
    frameHeight: inbound?.frameHeight ?? null,
    packetsReceived: inbound?.packetsReceived ?? null,
    packetsLost: inbound?.packetsLost ?? null,
    bytesReceived: inbound?.bytesReceived ?? null,
    audioLevel: inbound?.audioLevel ?? null,
  };
}
