import { inboundSeries, isProbation, median } from './quality.js';
import type { Snapshot } from './snapshot.js';

/** One remote video over one sample interval: `round` is the index of the snapshot that ends it. */
export type VideoTick = { peerId: string; round: number; at: number; fps: number; width: number };

/** Where a remote video stood before an impairment: its median width and frame rate per second. */
export type LayerReference = Map<string, { width: number; fps: number }>;

/** A video counts as back when it is at least as wide as before and at this share of its earlier frame rate. */
export const FULL_FPS_SHARE = 0.8;
/** …for this many consecutive samples (one sample is a second: a single good second is not recovery). */
export const FULL_SAMPLES_IN_A_ROW = 3;

/** Per-interval fps and width of each remote video a page receives (by owner; the probation stream left out). */
export function videoTicks(snapshots: readonly Snapshot[]): VideoTick[] {
  const probation = new Set(
    [...inboundSeries(snapshots)].filter(([, series]) => isProbation(series)).map(([key]) => key),
  );
  const ticks: VideoTick[] = [];
  for (let round = 1; round < snapshots.length; round++) {
    const previous = new Map(snapshots[round - 1]?.inbound.map((sample) => [sample.key, sample]));
    const snapshot = snapshots[round];
    for (const after of snapshot?.inbound ?? []) {
      const before = previous.get(after.key);
      if (!snapshot || !before || after.kind !== 'video' || probation.has(after.key)) continue;
      const peerId = after.peerId ?? before.peerId;
      const seconds = (after.timestamp - before.timestamp) / 1000;
      if (peerId === undefined || seconds <= 0) continue;
      const frames = Math.max((after.framesDecoded ?? 0) - (before.framesDecoded ?? 0), 0);
      ticks.push({ peerId, round, at: snapshot.at, fps: frames / seconds, width: after.frameWidth ?? 0 });
    }
  }
  return ticks;
}

/** The lower middle value: with an even count it is still a width that was really decoded. */
function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** Each remote video's typical width (lower median) and median fps over the ticks. */
export function layerReference(ticks: readonly VideoTick[]): LayerReference {
  const byPeer = new Map<string, VideoTick[]>();
  for (const tick of ticks) byPeer.set(tick.peerId, [...(byPeer.get(tick.peerId) ?? []), tick]);
  return new Map(
    [...byPeer].map(([peerId, list]) => [
      peerId,
      { width: lowerMedian(list.map((tick) => tick.width)), fps: median(list.map((tick) => tick.fps)) },
    ]),
  );
}

/**
 * Whether the call has stopped climbing: after joining, bandwidth estimation lets the layers grow for a while.
 * True once the summed width of the remote videos has not exceeded its best for `quietMs` (and the ticks span
 * at least that long).
 */
export function rampedUp(ticks: readonly VideoTick[], quietMs: number): boolean {
  const totals = new Map<number, { at: number; width: number }>();
  for (const tick of ticks) {
    const round = totals.get(tick.round) ?? { at: tick.at, width: 0 };
    totals.set(tick.round, { at: round.at, width: round.width + tick.width });
  }
  const rounds = [...totals.values()].sort((a, b) => a.at - b.at);
  const first = rounds[0];
  const last = rounds[rounds.length - 1];
  if (!first || !last || last.at - first.at < quietMs) return false;
  let best = -1;
  let bestAt = first.at;
  for (const round of rounds) {
    if (round.width > best) {
      best = round.width;
      bestAt = round.at;
    }
  }
  return last.at - bestAt >= quietMs;
}

/**
 * Seconds from `since` until every video of `reference` is back to its width and FULL_FPS_SHARE of its fps, for
 * FULL_SAMPLES_IN_A_ROW samples in a row (counted from the first of them); undefined if that never happens.
 */
export function secondsToFullLayers(
  reference: LayerReference,
  ticks: readonly VideoTick[],
  since: number,
): number | undefined {
  const rounds = new Map<number, VideoTick[]>();
  for (const tick of ticks) {
    if (tick.at >= since) rounds.set(tick.round, [...(rounds.get(tick.round) ?? []), tick]);
  }
  let streakStart: number | undefined;
  let streak = 0;
  for (const round of [...rounds.keys()].sort((a, b) => a - b)) {
    const list = rounds.get(round) ?? [];
    const full = [...reference].every(([peerId, wanted]) =>
      list.some(
        (tick) => tick.peerId === peerId && tick.width >= wanted.width && tick.fps >= wanted.fps * FULL_FPS_SHARE,
      ),
    );
    if (!full) {
      streak = 0;
      streakStart = undefined;
      continue;
    }
    streakStart ??= Math.min(...list.map((tick) => tick.at));
    streak += 1;
    if (streak >= FULL_SAMPLES_IN_A_ROW) return Math.max((streakStart - since) / 1000, 0);
  }
  return undefined;
}

/** What each remote video was doing, second by second after `since` (one row per snapshot). */
export type TimelineRow = { seconds: number; videos: { peerId: string; width: number; fps: number }[] };

export function timeline(ticks: readonly VideoTick[], since: number): TimelineRow[] {
  const rounds = new Map<number, VideoTick[]>();
  for (const tick of ticks) {
    if (tick.at >= since) rounds.set(tick.round, [...(rounds.get(tick.round) ?? []), tick]);
  }
  return [...rounds.keys()]
    .sort((a, b) => a - b)
    .map((round) => {
      const list = rounds.get(round) ?? [];
      return {
        seconds: (Math.min(...list.map((tick) => tick.at)) - since) / 1000,
        videos: list.map(({ peerId, width, fps }) => ({ peerId, width, fps })),
      };
    });
}
