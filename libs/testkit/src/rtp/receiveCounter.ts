/** What one RTP stream delivered so far. */
export type StreamCounts = {
  packets: number;
  /** Payload bytes (headers and padding excluded, as WebRTC's bytesReceived). */
  bytes: number;
  /** Sequence numbers skipped and not filled by a late packet since. */
  packetsLost: number;
};

/** How far behind the newest packet a late one is still recognised as a duplicate. */
const WINDOW = 1024;

/**
 * Counts one RTP stream (one SSRC) by its sequence numbers, RFC 3550 A.1-style: sequence numbers are extended
 * past their 16-bit wraparound, expected = highest − first + 1, lost = expected − received. A reordered packet
 * arriving late fills its gap again; a duplicate within the last WINDOW packets is ignored.
 *
 * Feed it only the primary SSRC of a stream: RTX retransmissions have their own SSRC and sequence space, and
 * the retransmitted packets they carry are not counted again.
 */
export class RtpReceiveCounter {
  #packets = 0;
  #bytes = 0;
  #first = 0;
  #highest = -1;
  readonly #seen = new Uint8Array(WINDOW);

  /** Records one packet; returns false for a duplicate (not counted). */
  record(sequenceNumber: number, payloadBytes: number): boolean {
    const extended = this.#extend(sequenceNumber);
    const slot = extended % WINDOW;
    const late = this.#packets > 0 && extended <= this.#highest && this.#highest - extended < WINDOW;
    // Within the window each slot belongs to one sequence number (slots are cleared as the window moves).
    if (late && this.#seen[slot] === 1) return false;
    if (this.#packets === 0) {
      this.#first = extended;
      this.#highest = extended;
    } else if (extended > this.#highest) {
      // Forget the slots the window slides over, so they can mark the new sequence numbers.
      const steps = Math.min(extended - this.#highest, WINDOW);
      for (let index = 1; index <= steps; index++) this.#seen[(this.#highest + index) % WINDOW] = 0;
      this.#highest = extended;
    } else if (extended < this.#first) {
      this.#first = extended;
    }
    if (this.#highest - extended < WINDOW) this.#seen[slot] = 1;
    this.#packets += 1;
    this.#bytes += payloadBytes;
    return true;
  }

  counts(): StreamCounts {
    const expected = this.#packets === 0 ? 0 : this.#highest - this.#first + 1;
    return { packets: this.#packets, bytes: this.#bytes, packetsLost: Math.max(0, expected - this.#packets) };
  }

  /** What a Receiver Report needs: packets received, expected, and the extended highest sequence number. */
  reportCounts(): { received: number; expected: number; extendedHighest: number } {
    const expected = this.#packets === 0 ? 0 : this.#highest - this.#first + 1;
    // #highest carries one cycle of headroom (see #extend): the first cycle reported is cycle 0.
    return { received: this.#packets, expected, extendedHighest: Math.max(0, this.#highest - 0x10000) >>> 0 };
  }

  /** Places a 16-bit sequence number next to the highest seen so far (the nearer of its wraparound twins). */
  #extend(sequenceNumber: number): number {
    if (this.#packets === 0) return sequenceNumber + 0x10000; // one cycle of headroom for early reordering
    const highestLow = this.#highest & 0xffff;
    let delta = sequenceNumber - highestLow;
    if (delta > 0x7fff) delta -= 0x10000;
    else if (delta < -0x8000) delta += 0x10000;
    return this.#highest + delta;
  }
}
