import type { ServerStats } from '@huddle/shared';

/** One point of the server chart: peers and the traffic rate since the previous sample. */
export type LoadSample = { at: number; peers: number; bitsIn: number; bitsOut: number };

/** Keeps this many samples (the server sends one every 2 s: four minutes). */
export const HISTORY_LENGTH = 120;

/**
 * The traffic rate between two snapshots. The byte counters cover current transports only, so a counter that
 * went down (transports closed) counts from zero.
 */
export function toSample(previous: ServerStats | undefined, next: ServerStats): LoadSample {
  const seconds = previous ? (next.at - previous.at) / 1000 : 0;
  const rate = (now: number, before: number): number =>
    seconds > 0 ? (Math.max(0, now >= before ? now - before : now) * 8) / seconds : 0;
  return {
    at: next.at,
    peers: next.peers,
    bitsIn: rate(next.bytes.in, previous?.bytes.in ?? 0),
    bitsOut: rate(next.bytes.out, previous?.bytes.out ?? 0),
  };
}
