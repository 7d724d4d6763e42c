import type { ConsumerSample, LinkSample } from '@huddle/client';

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/**
 * Where a link turns fair and poor. Loss is what neither retransmission nor FEC repaired in time; Opus conceals
 * a few percent well, video freezes beyond ~10 %. A round trip past 250 ms makes people talk over each other,
 * past 500 ms a conversation is hard. Below 8 fps a camera looks choppy; no packet at all is a stall.
 */
export const LINK_LIMITS = {
  fairLoss: 0.03,
  poorLoss: 0.1,
  fairRttMs: 250,
  poorRttMs: 500,
  fairCameraFps: 8,
  /** The send estimate below which our own camera cannot get through (it is 180p's budget). */
  poorOutgoingBitrate: 150_000,
} as const;

const RANK: Readonly<Record<Quality, number>> = { unknown: 0, good: 1, fair: 2, poor: 3 };

/** The worst of several ratings; unknown only when nothing is known. */
export function worstQuality(...qualities: readonly Quality[]): Quality {
  return qualities.reduce<Quality>((worst, quality) => (RANK[quality] > RANK[worst] ? quality : worst), 'unknown');
}

/**
 * A rating that has held: the better of the last two readings, so one bad interval (a join's first seconds, a
 * key frame burst, a stale receiver report) does not flash "poor", while a better reading shows at once. A single
 * reading counts only when it is good.
 */
export function settledQuality(recent: readonly Quality[]): Quality {
  const [previous, latest] = recent.slice(-2);
  if (latest === undefined) return previous === 'good' ? 'good' : 'unknown';
  return RANK[previous ?? 'unknown'] < RANK[latest] ? (previous ?? 'unknown') : latest;
}

/** A connection's quality from mediasoup scores (0–10, 10 = no loss): the worst one counts. */
export function qualityFromScores(scores: readonly number[]): Quality {
  if (scores.length === 0) return 'unknown';
  const worst = Math.min(...scores);
  if (worst >= 7) return 'good';
  if (worst >= 4) return 'fair';
  return 'poor';
}

function lossQuality(loss: number | null): Quality {
  if (loss === null) return 'unknown';
  if (loss >= LINK_LIMITS.poorLoss) return 'poor';
  return loss >= LINK_LIMITS.fairLoss ? 'fair' : 'good';
}

function rttQuality(rttMs: number | null): Quality {
  if (rttMs === null) return 'unknown';
  if (rttMs >= LINK_LIMITS.poorRttMs) return 'poor';
  return rttMs >= LINK_LIMITS.fairRttMs ? 'fair' : 'good';
}

export type SelfContext = {
  /** We publish a camera or a screen (then a low send estimate matters). */
  sendingVideo: boolean;
  /** Remote videos the SFU paused because our downlink cannot carry them. */
  bandwidthSuspended: number;
};

/** Our own link over one interval: loss both ways, round trip, the send estimate, videos paused for bandwidth. */
export function selfLinkQuality(sample: LinkSample, context: SelfContext): Quality {
  const loss = Math.max(sample.uplinkLoss ?? 0, sample.downlinkLoss ?? 0);
  const known = sample.uplinkLoss !== null || sample.downlinkLoss !== null;
  const estimate = sample.availableOutgoingBitrate;
  const starved = context.sendingVideo && estimate !== null && estimate < LINK_LIMITS.poorOutgoingBitrate;
  return worstQuality(
    lossQuality(known ? loss : null),
    rttQuality(sample.rttMs),
    starved || context.bandwidthSuspended > 0 ? 'poor' : 'unknown',
  );
}

/**
 * One remote participant's media as it reaches us over one interval: the loss over their streams, a camera's
 * frame rate, and a stall — a video that should flow (not paused by us, the SFU or its sender) but brought no
 * packet. `flowing` names those consumers.
 */
export function peerLinkQuality(consumers: readonly ConsumerSample[], flowing: ReadonlySet<string>): Quality {
  const received = consumers.reduce((sum, entry) => sum + entry.packetsReceived, 0);
  const lost = consumers.reduce((sum, entry) => sum + entry.packetsLost, 0);
  const qualities: Quality[] = [lossQuality(received + lost === 0 ? null : lost / (received + lost))];
  for (const consumer of consumers) {
    if (consumer.kind !== 'video' || !flowing.has(consumer.consumerId)) continue;
    if (consumer.packetsReceived === 0) qualities.push('poor');
    else if (consumer.source === 'camera' && consumer.fps !== null && consumer.fps < LINK_LIMITS.fairCameraFps) {
      qualities.push('fair');
    }
  }
  return worstQuality(...qualities);
}

/** The numbers behind a rating, as a connection indicator shows them. */
export type LinkFigures = { bitrate: number | null; loss: number | null; rttMs: number | null; fps: number | null };

function bitrateText(bitrate: number): string {
  return bitrate >= 1_000_000 ? `${(bitrate / 1_000_000).toFixed(1)} Mbit/s` : `${Math.round(bitrate / 1000)} kbit/s`;
}

/** "1.2 Mbit/s · 0.4 % loss · 35 ms · 24 fps" (what is known of it). */
export function describeLink(figures: LinkFigures): string {
  const parts: string[] = [];
  if (figures.bitrate !== null) parts.push(bitrateText(figures.bitrate));
  if (figures.loss !== null) parts.push(`${(figures.loss * 100).toFixed(1)} % loss`);
  if (figures.rttMs !== null) parts.push(`${Math.round(figures.rttMs)} ms`);
  if (figures.fps !== null) parts.push(`${Math.round(figures.fps)} fps`);
  return parts.join(' · ');
}

export const QUALITY_LABELS: Readonly<Record<Quality, string>> = {
  good: 'Good connection',
  fair: 'Unstable connection',
  poor: 'Poor connection',
  unknown: 'Connection quality not known yet',
};
