import { z } from 'zod';

// What collectPageStats() returns, validated: the WebRTC stats fields the harness reads (a field the browser did
// not report yet is absent) and which remote participant owns each received track.

const count = z.number().nonnegative().optional();

const inboundRtpSchema = z.object({
  type: z.literal('inbound-rtp'),
  id: z.string(),
  kind: z.enum(['audio', 'video']),
  mid: z.string().optional(),
  trackIdentifier: z.string().optional(),
  timestamp: z.number(),
  bytesReceived: count,
  packetsReceived: count,
  packetsLost: z.number().optional(),
  framesDecoded: count,
  frameWidth: count,
  frameHeight: count,
  freezeCount: count,
  totalFreezesDuration: count,
  concealedSamples: count,
  totalSamplesReceived: count,
});

const outboundRtpSchema = z.object({
  type: z.literal('outbound-rtp'),
  id: z.string(),
  kind: z.enum(['audio', 'video']),
  rid: z.string().optional(),
  timestamp: z.number(),
  bytesSent: count,
  framesEncoded: count,
  frameWidth: count,
  frameHeight: count,
  active: z.boolean().optional(),
  qualityLimitationReason: z.string().optional(),
  qualityLimitationDurations: z.record(z.string(), z.number()).optional(),
});

const transportSchema = z.object({
  type: z.literal('transport'),
  id: z.string(),
  selectedCandidatePairId: z.string().optional(),
});

const candidatePairSchema = z.object({
  type: z.literal('candidate-pair'),
  id: z.string(),
  localCandidateId: z.string(),
  remoteCandidateId: z.string(),
  currentRoundTripTime: z.number().optional(),
  availableOutgoingBitrate: z.number().optional(),
});

const candidateSchema = z.object({
  type: z.enum(['local-candidate', 'remote-candidate']),
  id: z.string(),
  candidateType: z.string().optional(),
  protocol: z.string().optional(),
  relayProtocol: z.string().optional(),
});

const statSchema = z.discriminatedUnion('type', [
  inboundRtpSchema,
  outboundRtpSchema,
  transportSchema,
  candidatePairSchema,
  candidateSchema,
]);

const ownerSchema = z.object({
  trackId: z.string(),
  peerId: z.string().optional(),
  source: z.string().optional(),
  requestedLayer: z.string().optional(),
  renderedWidth: z.number().optional(),
});

export const pageStatsSchema = z.object({
  selfPeerId: z.string().nullish(),
  connection: z.string().nullish(),
  owners: z.array(ownerSchema),
  peerConnections: z.array(
    z.object({ index: z.number().int(), connectionState: z.string(), stats: z.array(statSchema) }),
  ),
  wallClock: z.number(),
});
export type PageStats = z.infer<typeof pageStatsSchema>;

export type InboundRtp = z.infer<typeof inboundRtpSchema>;
export type OutboundRtp = z.infer<typeof outboundRtpSchema>;

/** One received stream at one moment; `key` stays the same for the stream's life (PeerConnection + stats id). */
export type InboundSample = InboundRtp & {
  key: string;
  /** The remote participant and source ('camera', 'mic', …) whose track this is, when the page shows it. */
  peerId?: string;
  source?: string;
  requestedLayer?: number;
  renderedWidth?: number;
};

export type OutboundSample = OutboundRtp & { key: string };

/** The selected ICE candidate pair of one PeerConnection. */
export type Route = {
  connection: number;
  local: { type: string; protocol: string; relayProtocol?: string };
  remote: { type: string; protocol: string };
  rttMs?: number;
  availableOutgoingKbps?: number;
};

/** Everything read from one page at one moment. */
export type Snapshot = {
  at: number;
  selfPeerId?: string;
  connection?: string;
  inbound: InboundSample[];
  outbound: OutboundSample[];
  routes: Route[];
};

/** Flattens a page's stats into samples keyed for deltas, each received stream tagged with its owner. */
export function toSnapshot(stats: PageStats): Snapshot {
  const owners = new Map(stats.owners.map((owner) => [owner.trackId, owner]));
  const inbound: InboundSample[] = [];
  const outbound: OutboundSample[] = [];
  const routes: Route[] = [];
  for (const connection of stats.peerConnections) {
    const byId = new Map(connection.stats.map((stat) => [stat.id, stat]));
    for (const stat of connection.stats) {
      const key = `${connection.index}/${stat.id}`;
      if (stat.type === 'inbound-rtp') {
        const owner = stat.trackIdentifier === undefined ? undefined : owners.get(stat.trackIdentifier);
        const layer = owner?.requestedLayer === undefined ? Number.NaN : Number.parseInt(owner.requestedLayer, 10);
        inbound.push({
          ...stat,
          key,
          peerId: owner?.peerId,
          source: owner?.source,
          requestedLayer: Number.isInteger(layer) ? layer : undefined,
          renderedWidth: owner?.renderedWidth,
        });
      } else if (stat.type === 'outbound-rtp') {
        outbound.push({ ...stat, key });
      } else if (stat.type === 'transport' && stat.selectedCandidatePairId !== undefined) {
        const pair = byId.get(stat.selectedCandidatePairId);
        if (pair?.type !== 'candidate-pair') continue;
        const local = byId.get(pair.localCandidateId);
        const remote = byId.get(pair.remoteCandidateId);
        if (local?.type !== 'local-candidate' || remote?.type !== 'remote-candidate') continue;
        routes.push({
          connection: connection.index,
          local: {
            type: local.candidateType ?? '?',
            protocol: local.protocol ?? '?',
            ...(local.relayProtocol === undefined ? {} : { relayProtocol: local.relayProtocol }),
          },
          remote: { type: remote.candidateType ?? '?', protocol: remote.protocol ?? '?' },
          rttMs: pair.currentRoundTripTime === undefined ? undefined : pair.currentRoundTripTime * 1000,
          availableOutgoingKbps:
            pair.availableOutgoingBitrate === undefined ? undefined : pair.availableOutgoingBitrate / 1000,
        });
      }
    }
  }
  return {
    at: stats.wallClock,
    selfPeerId: stats.selfPeerId ?? undefined,
    connection: stats.connection ?? undefined,
    inbound,
    outbound,
    routes,
  };
}
