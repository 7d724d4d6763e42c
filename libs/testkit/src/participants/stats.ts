import type { Layers, MediaKind, MediaSource } from '@huddle/shared';
import type { ReceiveCounters, SendCounters } from './mediaEngine.js';

/** One stream this participant receives (one consumer on the SFU). */
export type InboundStream = ReceiveCounters & {
  consumerId: string;
  /** The peer that sends it. */
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  /** We paused it (unsubscribed), or its producer is paused (muted at the source). */
  paused: boolean;
  producerPaused: boolean;
  /** Bits per second over the last sampling window (~1 s). */
  bitrate: number;
  /** packetsLost / (packets + packetsLost), cumulative. */
  lossRate: number;
  /** The simulcast/SVC layers the SFU forwards now (null: none), as it reported them. */
  layers: Layers | null | undefined;
};

/** One source this participant publishes. */
export type OutboundStream = SendCounters & {
  producerId: string;
  source: MediaSource;
  kind: MediaKind;
  muted: boolean;
  bitrate: number;
};

export type ParticipantStats = { at: number; inbound: InboundStream[]; outbound: OutboundStream[] };

type Sample = { at: number; bytes: Map<string, number> };

/** Turns cumulative byte counters into bits per second over windows of about `windowMs`. */
export class BitrateMeter {
  readonly #windowMs: number;
  #previous: Sample | undefined;
  #latest: Sample | undefined;

  constructor(windowMs = 1_000) {
    this.#windowMs = windowMs;
  }

  /** Records counters read now; call it at least once per window. */
  record(bytes: Map<string, number>, at = Date.now()): void {
    if (this.#latest && at - this.#latest.at < this.#windowMs / 2) return;
    this.#previous = this.#latest;
    this.#latest = { at, bytes: new Map(bytes) };
  }

  /** Bits per second of `key` between the newest sample at least half a window old and `bytes` read at `at`. */
  bitrate(key: string, bytes: number, at = Date.now()): number {
    const base = [this.#latest, this.#previous].find((sample) => sample && at - sample.at >= this.#windowMs / 2);
    if (!base) return 0;
    const before = base.bytes.get(key) ?? 0;
    return Math.max(0, ((bytes - before) * 8 * 1000) / (at - base.at));
  }
}
