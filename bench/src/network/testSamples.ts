import type { InboundSample, OutboundSample, Snapshot } from './snapshot.js';

// Builders for the unit tests of the analysis: stats samples with only the fields a test cares about.

export function inbound(fields: Partial<InboundSample> & Pick<InboundSample, 'key' | 'timestamp'>): InboundSample {
  return { type: 'inbound-rtp', id: fields.key, kind: 'video', ...fields };
}

export function outbound(fields: Partial<OutboundSample> & Pick<OutboundSample, 'key' | 'timestamp'>): OutboundSample {
  return { type: 'outbound-rtp', id: fields.key, kind: 'video', ...fields };
}

export function snapshot(at: number, fields: Partial<Snapshot> = {}): Snapshot {
  return { at, inbound: [], outbound: [], routes: [], ...fields };
}

/**
 * A video stream from `peerId` sampled once a second: `frames[i]` decoded frames per interval ending at second i
 * (the first entry is the count before the window), at `width` (or per-second widths).
 */
export function videoSeries(
  key: string,
  peerId: string | undefined,
  frames: readonly number[],
  width: number | readonly number[],
  extra: (second: number) => Partial<InboundSample> = () => ({}),
): InboundSample[] {
  let decoded = 0;
  return frames.map((count, second) => {
    decoded += count;
    return inbound({
      key,
      peerId,
      source: 'camera',
      timestamp: 1_000_000 + second * 1000,
      framesDecoded: decoded,
      frameWidth: typeof width === 'number' ? width : width[second],
      bytesReceived: decoded * 1000,
      ...extra(second),
    });
  });
}

/** Snapshots (one per second) holding the given streams' samples, in order. */
export function snapshotsOf(...series: InboundSample[][]): Snapshot[] {
  const seconds = Math.max(...series.map((list) => list.length));
  return Array.from({ length: seconds }, (_, second) =>
    snapshot(1_000_000 + second * 1000, {
      inbound: series.flatMap((list) => (list[second] ? [list[second]] : [])),
    }),
  );
}
