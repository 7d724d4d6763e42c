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
  bytesReceived: number | null;
  audioLevel: number | null;
};

const counter = z.number().optional();
const inboundRtpSchema = z.object({
  type: z.literal('inbound-rtp'),
  framesDecoded: counter,
  frameWidth: counter,
  frameHeight: counter,
  packetsReceived: counter,
  bytesReceived: counter,
  audioLevel: counter,
});

/** Picks the inbound-rtp entry out of a consumer's stats report (a receiver has one). */
export function consumerStats(track: RemoteTrack, report: RTCStatsReport): ConsumerStats {
  const entries: Iterable<unknown> = report.values();
  let inbound: z.infer<typeof inboundRtpSchema> | undefined;
  for (const entry of entries) {
    const parsed = inboundRtpSchema.safeParse(entry);
    if (parsed.success) {
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
    bytesReceived: inbound?.bytesReceived ?? null,
    audioLevel: inbound?.audioLevel ?? null,
  };
}
