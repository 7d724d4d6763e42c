import { randomInt } from 'node:crypto';
import {
  FfmpegRtpSource,
  type FfmpegRtpSourceOptions,
  type SourceEncoding,
  type SourcePacket,
} from './ffmpegRtpSource.js';
import { RTCP_TYPE } from './rtcpPacket.js';

/** One subscriber's view of a shared source: the same media under its own SSRCs and CNAME. */
export type SharedSubscription = {
  readonly encodings: readonly SourceEncoding[];
  readonly cname: string;
  stop(): Promise<void>;
};

type Listener = { ssrcs: readonly number[]; delayMs: number; onPacket: (packet: SourcePacket) => void };

export type SharedRtpSourceSpread = {
  /**
   * Each subscriber gets the packets this much later at most (its own fixed delay, spread evenly over [0,
   * spreadMs) subscriber by subscriber; order within a subscriber kept). Real participants' cameras tick
   * independently; without a spread N publishers send every frame in the same instant, a burst of N frames at the
   * SFU's socket that no real meeting makes. Default 0: every subscriber at once.
   */
  spreadMs?: number;
};

/** The golden ratio's fractional part: subscriber k's share of the spread is (k × φ) mod 1, even for any count. */
const GOLDEN_FRACTION = 0.6180339887498949;

/**
 * Rewrites the SSRC of an RTP packet, or of every SR and SDES chunk of an RTCP compound packet (ffmpeg sends one
 * SR and one SDES chunk per compound), into a copy.
 */
export function withSsrc(packet: SourcePacket, ssrc: number): Buffer {
  const copy = Buffer.from(packet.data);
  if (!packet.rtcp) {
    if (copy.length >= 12) copy.writeUInt32BE(ssrc >>> 0, 8);
    return copy;
  }
  let offset = 0;
  while (offset + 8 <= copy.length) {
    const type = copy[offset + 1];
    if (type === RTCP_TYPE.senderReport || type === RTCP_TYPE.sourceDescription)
      copy.writeUInt32BE(ssrc >>> 0, offset + 4);
    offset += (copy.readUInt16BE(offset + 2) + 1) * 4;
  }
  return copy;
}

/**
 * One ffmpeg encode fanned out to many publishers: each subscriber gets every packet as a copy carrying its own
 * SSRCs, so N publisher bots cost one encode (a 360p VP8 encode is 12–14 % of a core) instead of N. The SFU sees
 * N distinct producers with identical content. ffmpeg starts with the first subscriber and stops with the last.
 */
export class SharedRtpSource {
  readonly #options: FfmpegRtpSourceOptions;
  readonly #spreadMs: number;
  #subscribed = 0;
  readonly #listeners = new Set<Listener>();
  /** ffmpeg's latest Sender Report per encoding, replayed to a new subscriber (ffmpeg sends one every 5 s). */
  readonly #latestReports = new Map<number, SourcePacket>();
  #source: Promise<FfmpegRtpSource> | undefined;

  constructor(options: FfmpegRtpSourceOptions, spread: SharedRtpSourceSpread = {}) {
    const spreadMs = spread.spreadMs ?? 0;
    if (!Number.isFinite(spreadMs) || spreadMs < 0 || spreadMs > 1000) {
      throw new RangeError(`spreadMs must be from 0 to 1000 ms, not ${spreadMs}`);
    }
    this.#options = options;
    this.#spreadMs = spreadMs;
  }

  async subscribe(onPacket: (packet: SourcePacket) => void): Promise<SharedSubscription> {
    this.#source ??= FfmpegRtpSource.start(this.#options, (packet) => this.#fanOut(packet));
    let source: FfmpegRtpSource;
    try {
      source = await this.#source;
    } catch (error) {
      this.#source = undefined;
      throw error;
    }
    const ssrcs = source.encodings.map(() => randomInt(1, 2 ** 31));
    const delayMs = Math.floor(((this.#subscribed++ * GOLDEN_FRACTION) % 1) * this.#spreadMs);
    const listener: Listener = { ssrcs, delayMs, onPacket };
    this.#listeners.add(listener);
    for (const report of this.#latestReports.values()) {
      const ssrc = ssrcs[report.encoding];
      if (ssrc !== undefined) onPacket({ ...report, data: withSsrc(report, ssrc) });
    }
    const cname = `shared-${randomInt(1, 2 ** 31).toString(36)}`;
    return {
      encodings: source.encodings.map((encoding, index) => ({ ...encoding, ssrc: ssrcs[index] ?? encoding.ssrc })),
      cname,
      stop: async () => {
        this.#listeners.delete(listener);
        if (this.#listeners.size === 0) await this.stop();
      },
    };
  }

  /** Stops ffmpeg (whoever still listens gets nothing more); idempotent. */
  async stop(): Promise<void> {
    const source = this.#source;
    this.#source = undefined;
    this.#listeners.clear();
    this.#latestReports.clear();
    await (await source?.catch(() => undefined))?.stop();
  }

  #fanOut(packet: SourcePacket): void {
    if (packet.rtcp) this.#latestReports.set(packet.encoding, packet);
    for (const listener of this.#listeners) {
      const ssrc = listener.ssrcs[packet.encoding];
      if (ssrc === undefined) continue;
      const copy = { ...packet, data: withSsrc(packet, ssrc) };
      // Timers of one duration fire in the order they were set: a subscriber's packets stay in order.
      if (listener.delayMs === 0) listener.onPacket(copy);
      else {
        setTimeout(() => {
          if (this.#listeners.has(listener)) listener.onPacket(copy);
        }, listener.delayMs);
      }
    }
  }
}
