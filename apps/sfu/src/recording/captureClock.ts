import { performance } from 'node:perf_hooks';

/** The recorder's clock: ms since the epoch, sub-millisecond, monotonic within the process. */
export function recorderNow(): number {
  return performance.timeOrigin + performance.now();
}

/** An audio packet whose predecessor is unknown is taken to hold this much (WebRTC's Opus frames are 20 ms). */
const DEFAULT_AUDIO_FRAME_S = 0.02;
/** Timestamp steps above this are gaps, not frame lengths. */
const MAX_FRAME_S = 0.12;

/**
 * Where a segment's samples sit on the recorder's clock. mediasoup 3.12 stamps the Sender Reports it sends from
 * packet arrival, so they cannot line audio up with video; the recorder times every packet as it arrives instead.
 * The least delayed packet of a segment gives its capture time: arrival − (timestamp − first timestamp) / clock
 * rate, minimized over the segment. An audio packet can only leave its sender once its last sample exists, so
 * its frame length (the step to the previous timestamp) is subtracted too; a video frame leaves once captured
 * and encoded. Every track is placed by its own estimate, so audio and video line up however late each arrives.
 */
export class CaptureClock {
  readonly #clockRate: number;
  readonly #audio: boolean;
  #first: number | undefined;
  #previous = 0;
  /** Timestamp of the latest packet, relative to the first and unwrapped (may exceed 2^32). */
  #relative = 0;
  #maxRelative = 0;
  #start = Number.POSITIVE_INFINITY;

  constructor(clockRate: number, audio: boolean) {
    this.#clockRate = clockRate;
    this.#audio = audio;
  }

  observe(timestamp: number, arrivalMs: number): void {
    if (this.#first === undefined) {
      this.#first = timestamp;
      this.#previous = timestamp;
    }
    const step = (timestamp - this.#previous) | 0;
    this.#previous = timestamp;
    this.#relative += step;
    this.#maxRelative = Math.max(this.#maxRelative, this.#relative);
    const frameSeconds =
      step > 0 && step / this.#clockRate <= MAX_FRAME_S ? step / this.#clockRate : DEFAULT_AUDIO_FRAME_S;
    const held = this.#audio ? frameSeconds : 0;
    const start = arrivalMs - (this.#relative / this.#clockRate + held) * 1000;
    if (start < this.#start) this.#start = start;
  }

  /** When the segment's first sample was captured (ms since the epoch); undefined before any packet. */
  get startedAt(): number | undefined {
    return this.#first === undefined ? undefined : this.#start;
  }

  /** From the first to the latest timestamp. */
  get spanMs(): number {
    return (this.#maxRelative / this.#clockRate) * 1000;
  }
}
