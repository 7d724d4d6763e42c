import { buildTransportCcFeedback } from './transportCc.js';

/** At most this many packets per feedback packet (libwebrtc sends feedback far more often than that fills). */
const MAX_PACKETS_PER_FEEDBACK = 2000;

/**
 * Collects the arrival time of every packet carrying a transport-wide sequence number and turns them into
 * transport-cc feedback packets, as a browser's receive side does (~every 100 ms). Sequence numbers are
 * extended past their 16-bit wraparound; a packet arriving after its number was reported missing is dropped.
 */
export class TransportCcRecorder {
  readonly #senderSsrc: number;
  readonly #arrivals = new Map<number, number>();
  #highest = -1;
  /** The first sequence number the next feedback reports (everything below was reported). */
  #next = -1;
  #feedbackCount = 0;

  constructor(senderSsrc: number) {
    this.#senderSsrc = senderSsrc;
  }

  record(sequenceNumber: number, arrivalMs: number): void {
    const extended = this.#extend(sequenceNumber);
    if (this.#next >= 0 && extended < this.#next) return;
    if (extended > this.#highest) this.#highest = extended;
    this.#arrivals.set(extended, arrivalMs);
  }

  /** The feedback for everything recorded since the previous one; undefined when nothing arrived. */
  feedback(mediaSsrc: number): Buffer | undefined {
    if (this.#arrivals.size === 0) return undefined;
    const base = this.#next >= 0 ? this.#next : Math.min(...this.#arrivals.keys());
    const end = Math.min(this.#highest, base + MAX_PACKETS_PER_FEEDBACK - 1);
    const arrivals: Array<number | undefined> = [];
    for (let sequence = base; sequence <= end; sequence++) {
      arrivals.push(this.#arrivals.get(sequence));
      this.#arrivals.delete(sequence);
    }
    this.#next = end + 1;
    if (!arrivals.some((arrival) => arrival !== undefined)) return undefined;
    const packet = buildTransportCcFeedback({
      senderSsrc: this.#senderSsrc,
      mediaSsrc,
      baseSequence: base & 0xffff,
      arrivals,
      feedbackCount: this.#feedbackCount,
    });
    this.#feedbackCount = (this.#feedbackCount + 1) & 0xff;
    return packet;
  }

  #extend(sequenceNumber: number): number {
    if (this.#highest < 0) return sequenceNumber + 0x10000;
    let delta = sequenceNumber - (this.#highest & 0xffff);
    if (delta > 0x7fff) delta -= 0x10000;
    else if (delta < -0x8000) delta += 0x10000;
    return this.#highest + delta;
  }
}
