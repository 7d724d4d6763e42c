import type { MediaKind, MediaSource } from '@huddle/shared';
import { z } from 'zod';
import type { ConsumerStats } from './consumerStats.js';

/** The path a transport's media takes now: its selected ICE candidate pair. */
export type CandidatePath = {
  /** 'host', 'srflx', 'prflx' or 'relay' (through a TURN server). */
  localType: string | null;
  remoteType: string | null;
  /** 'udp' or 'tcp' to the SFU (or to the TURN server, when relayed). */
  protocol: string | null;
  /** How a relayed path reaches the TURN server: 'udp', 'tcp' or 'tls'. */
  relayProtocol: string | null;
  rttMs: number | null;
  availableOutgoingBitrate: number | null;
};

/** Cumulative counters of both transports at one moment (`RoomSession.getLinkStats()`); see linkSample(). */
export type LinkStats = {
  /** When the reports were taken (Date.now()). */
  at: number;
  send: {
    path: CandidatePath | null;
    bytesSent: number;
    packetsSent: number;
    /** Packets the SFU's receiver reports count as lost, over every stream we send. */
    packetsLost: number;
  } | null;
  recv: { path: CandidatePath | null } | null;
  consumers: ConsumerStats[];
};

/** One consumer over an interval between two LinkStats. */
export type ConsumerSample = {
  consumerId: string;
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  bitrate: number;
  packetsReceived: number;
  packetsLost: number;
  /** Frames decoded per second (video), null for audio. */
  fps: number | null;
};

/** The link over an interval: what a connection indicator rates. */
export type LinkSample = {
  seconds: number;
  rttMs: number | null;
  sendBitrate: number;
  receiveBitrate: number;
  /**
   * Lost fractions (0–1) over the interval: what the SFU's receiver reports count lost of the packets we sent,
   * and what we miss of the SFU's.
   */
  uplinkLoss: number | null;
  downlinkLoss: number | null;
  availableOutgoingBitrate: number | null;
  /** Whether either transport goes through a TURN relay. */
  relayed: boolean;
  consumers: ConsumerSample[];
};

const optionalNumber = z.number().optional();
const transportSchema = z.object({ type: z.literal('transport'), selectedCandidatePairId: z.string().optional() });
const pairSchema = z.object({
  type: z.literal('candidate-pair'),
  id: z.string(),
  localCandidateId: z.string(),
  remoteCandidateId: z.string(),
  state: z.string().optional(),
  nominated: z.boolean().optional(),
  currentRoundTripTime: optionalNumber,
  availableOutgoingBitrate: optionalNumber,
});
const candidateSchema = z.object({
  type: z.enum(['local-candidate', 'remote-candidate']),
  id: z.string(),
  candidateType: z.string().optional(),
  protocol: z.string().optional(),
  relayProtocol: z.string().optional(),
});
const outboundSchema = z.object({
  type: z.literal('outbound-rtp'),
  bytesSent: z.number().default(0),
  packetsSent: z.number().default(0),
});
const remoteInboundSchema = z.object({ type: z.literal('remote-inbound-rtp'), packetsLost: z.number().default(0) });

function parsed<T>(report: RTCStatsReport, schema: z.ZodType<T>): T[] {
  const values: Iterable<unknown> = report.values();
  const result: T[] = [];
  for (const value of values) {
    const entry = schema.safeParse(value);
    if (entry.success) result.push(entry.data);
  }
  return result;
}

/** The selected candidate pair of a transport's report (the transport's own pointer, else the nominated one). */
export function selectedPath(report: RTCStatsReport): CandidatePath | null {
  const pairs = parsed(report, pairSchema);
  const selectedId = parsed(report, transportSchema).find(
    (entry) => entry.selectedCandidatePairId,
  )?.selectedCandidatePairId;
  const pair =
    pairs.find((entry) => entry.id === selectedId) ??
    pairs.find((entry) => entry.nominated === true && entry.state === 'succeeded');
  if (!pair) return null;
  const candidates = new Map(parsed(report, candidateSchema).map((candidate) => [candidate.id, candidate]));
  const local = candidates.get(pair.localCandidateId);
  const remote = candidates.get(pair.remoteCandidateId);
  return {
    localType: local?.candidateType ?? null,
    remoteType: remote?.candidateType ?? null,
    protocol: local?.protocol ?? null,
    relayProtocol: local?.relayProtocol ?? null,
    rttMs: pair.currentRoundTripTime === undefined ? null : pair.currentRoundTripTime * 1000,
    availableOutgoingBitrate: pair.availableOutgoingBitrate ?? null,
  };
}

/** The send side of LinkStats from the send transport's report. */
export function sendSide(report: RTCStatsReport): NonNullable<LinkStats['send']> {
  const outbound = parsed(report, outboundSchema);
  return {
    path: selectedPath(report),
    bytesSent: outbound.reduce((sum, entry) => sum + entry.bytesSent, 0),
    packetsSent: outbound.reduce((sum, entry) => sum + entry.packetsSent, 0),
    packetsLost: parsed(report, remoteInboundSchema).reduce((sum, entry) => sum + Math.max(entry.packetsLost, 0), 0),
  };
}

/** LinkStats from the two transports' reports (either may be missing) and the consumers' statistics. */
export function readLinkStats(
  send: RTCStatsReport | undefined,
  recv: RTCStatsReport | undefined,
  consumers: ConsumerStats[],
): LinkStats {
  return {
    at: Date.now(),
    send: send ? sendSide(send) : null,
    recv: recv ? { path: selectedPath(recv) } : null,
    consumers,
  };
}

/** Per second, never negative (a counter that went back — a new stream — counts as nothing). */
function rate(delta: number, seconds: number): number {
  return seconds > 0 ? Math.max(delta, 0) / seconds : 0;
}

/**
 * What happened between two LinkStats of the same session: bitrates, loss both ways, round trip, and per
 * consumer its bitrate, packets, losses and decoded frame rate. Consumers new in `current` are left out.
 */
export function linkSample(previous: LinkStats, current: LinkStats): LinkSample {
  const seconds = Math.max(current.at - previous.at, 0) / 1000;
  const before = new Map(previous.consumers.map((entry) => [entry.consumerId, entry]));
  const consumers: ConsumerSample[] = [];
  for (const now of current.consumers) {
    const then = before.get(now.consumerId);
    if (!then) continue;
    const delta = (field: 'bytesReceived' | 'packetsReceived' | 'packetsLost' | 'framesDecoded'): number =>
      Math.max((now[field] ?? 0) - (then[field] ?? 0), 0);
    consumers.push({
      consumerId: now.consumerId,
      peerId: now.peerId,
      source: now.source,
      kind: now.kind,
      bitrate: rate(delta('bytesReceived') * 8, seconds),
      packetsReceived: delta('packetsReceived'),
      packetsLost: delta('packetsLost'),
      fps: now.kind === 'video' ? rate(delta('framesDecoded'), seconds) : null,
    });
  }
  const received = consumers.reduce((sum, entry) => sum + entry.packetsReceived, 0);
  const lost = consumers.reduce((sum, entry) => sum + entry.packetsLost, 0);
  const sent = (current.send?.packetsSent ?? 0) - (previous.send?.packetsSent ?? 0);
  const sentLost = Math.max((current.send?.packetsLost ?? 0) - (previous.send?.packetsLost ?? 0), 0);
  const paths = [current.send?.path, current.recv?.path].filter((path) => path !== null && path !== undefined);
  const rtts = paths.flatMap((path) => (path.rttMs === null ? [] : [path.rttMs]));
  return {
    seconds,
    rttMs: rtts.length === 0 ? null : Math.max(...rtts),
    sendBitrate: rate(((current.send?.bytesSent ?? 0) - (previous.send?.bytesSent ?? 0)) * 8, seconds),
    receiveBitrate: consumers.reduce((sum, entry) => sum + entry.bitrate, 0),
    uplinkLoss: sent > 0 ? Math.min(sentLost / sent, 1) : null,
    downlinkLoss: received + lost === 0 ? null : lost / (received + lost),
    availableOutgoingBitrate: current.send?.path?.availableOutgoingBitrate ?? null,
    relayed: paths.some((path) => path.localType === 'relay' || path.remoteType === 'relay'),
    consumers,
  };
}
