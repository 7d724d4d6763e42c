import type { MediaKind } from '@huddle/shared';
import type { RtpHeader } from '@huddle/testkit';
import { quantile } from '../../phases/stats.js';

/** Which of the two probes a packet reached: the reference (publisher's node) or the one under test. */
export type Side = 'reference' | 'test';

/** Bytes of the payload's end that name a video packet (with its length). */
const TAIL_BYTES = 16;

/**
 * A name for one RTP packet that is the same at both probes although each got it from another consumer (own SSRC,
 * sequence numbers and, for simulcast video, RTP timestamps). Audio: its RTP timestamp — mediasoup's simple and
 * pipe consumers keep it, and Opus packets are 20 ms apart, so it is unique for hours. Video: the payload's
 * length and last bytes — mediasoup rewrites only the VP8 payload descriptor at its start (picture id, TL0 index),
 * never the compressed frame data after it.
 */
export function packetKey(kind: MediaKind, header: RtpHeader, packet: Uint8Array): string {
  if (kind === 'audio') return `a${header.timestamp}`;
  const end = header.payloadOffset + header.payloadLength;
  const tail = Buffer.from(packet.subarray(Math.max(header.payloadOffset, end - TAIL_BYTES), end));
  return `v${header.payloadLength}:${tail.toString('hex')}`;
}

/**
 * Pairs the arrivals of the same packet at the two probes and keeps test − reference, in ms, per kind. Arrivals
 * wait for their twin until expire() drops them (then they count as unmatched: a lost packet, or a video layer
 * only one probe gets).
 */
export class ArrivalMatcher {
  readonly #waiting: Record<Side, Map<string, { kind: MediaKind; at: number }>> = {
    reference: new Map(),
    test: new Map(),
  };
  readonly deltas: Record<MediaKind, number[]> = { audio: [], video: [] };
  #unmatched = 0;

  record(side: Side, kind: MediaKind, key: string, at: number): void {
    const other = this.#waiting[side === 'reference' ? 'test' : 'reference'];
    const twin = other.get(key);
    if (twin === undefined) {
      this.#waiting[side].set(key, { kind, at });
      return;
    }
    other.delete(key);
    this.deltas[kind].push(side === 'test' ? at - twin.at : twin.at - at);
  }

  /** Drops arrivals older than `before` whose twin never came. */
  expire(before: number): void {
    for (const waiting of Object.values(this.#waiting)) {
      for (const [key, arrival] of waiting) {
        if (arrival.at >= before) continue;
        waiting.delete(key);
        this.#unmatched += 1;
      }
    }
  }

  get unmatched(): number {
    return this.#unmatched;
  }
}

/** Added latency of one kind: test − reference arrival of the same packets, ms. */
export type LatencySummary = { packets: number; meanMs: number; p50Ms: number; p95Ms: number; p99Ms: number };

export function summarizeDeltas(deltas: readonly number[]): LatencySummary {
  const mean = deltas.length === 0 ? Number.NaN : deltas.reduce((sum, value) => sum + value, 0) / deltas.length;
  return {
    packets: deltas.length,
    meanMs: mean,
    p50Ms: quantile(deltas, 0.5),
    p95Ms: quantile(deltas, 0.95),
    p99Ms: quantile(deltas, 0.99),
  };
}
