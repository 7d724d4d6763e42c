import type { InboundSample, OutboundSample, Snapshot } from './snapshot.js';

// Quality over a window, from a page's snapshots taken about once a second: deltas of WebRTC's cumulative
// counters between the first and the last sample of each stream, and per-sample values for widths and freezes.

export type VideoQuality = {
  /** The remote participant whose video this is (its peer id; the report maps it to a name). */
  peerId: string | undefined;
  /** How long the stream was seen within the window. */
  seconds: number;
  /** framesDecoded delta / seconds. */
  fps: number;
  /** Decoded width (frameWidth) over the samples; 0 while nothing is decoded. */
  widthMin: number;
  widthMedian: number;
  /**
   * Freezes as WebRTC counts them (a gap between frames of more than max(3 × the average frame duration,
   * average + 150 ms)): freezeCount and totalFreezesDuration deltas, plus a stall still going on when the window
   * ends (WebRTC counts a freeze only once the next frame arrives).
   */
  freezes: number;
  freezeSeconds: number;
  /**
   * The longest freeze: exact when a sample interval ends one freeze, an upper bound when it ends several
   * (their total).
   */
  longestFreezeSeconds: number;
  kbps: number;
  packetsLost: number;
  /** The spatial layer the page asks for (data-requested-layer of its <video>), last seen. */
  requestedLayer: number | undefined;
};

export type AudioQuality = {
  peerId: string | undefined;
  seconds: number;
  /** concealedSamples delta / totalSamplesReceived delta, in %. */
  concealmentPercent: number;
  packetsLost: number;
  kbps: number;
};

export type LayerQuality = { rid: string; fps: number; width: number; kbps: number };

export type SendQuality = {
  layers: LayerQuality[];
  /** qualityLimitationReason at the end of the window. */
  limitation: string | undefined;
  /** Share of the window the encoder was limited, by reason (qualityLimitationDurations deltas), in %. */
  limitedPercent: Record<string, number>;
};

const PROBATION_MID = 'probator';
/** A stall shorter than this at the end of a window is just the time since the last frame. */
const MIN_TRAILING_STALL_S = 1;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Each stream's samples in time order, by key. */
export function inboundSeries(snapshots: readonly Snapshot[]): Map<string, InboundSample[]> {
  const series = new Map<string, InboundSample[]>();
  for (const snapshot of snapshots) {
    for (const sample of snapshot.inbound) {
      const list = series.get(sample.key) ?? [];
      list.push(sample);
      series.set(sample.key, list);
    }
  }
  for (const list of series.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  return series;
}

/**
 * mediasoup's bandwidth probation stream: Chromium lists it as one more inbound video on the receive transport
 * (mid "probator", padding only: bytes but never a decoded frame, and no <video> shows it). It is not anyone's
 * video. A stream some tile shows is a real video even if it never decoded a frame.
 */
export function isProbation(series: readonly InboundSample[]): boolean {
  if (series.some((sample) => sample.mid === PROBATION_MID)) return true;
  return ownerOf(series) === undefined && series.every((sample) => !sample.framesDecoded && !sample.frameWidth);
}

/** The owner seen in any sample (a paused or hidden video may lose its element for a while). */
function ownerOf(series: readonly InboundSample[]): string | undefined {
  return series.find((sample) => sample.peerId !== undefined)?.peerId;
}

function span(series: readonly InboundSample[]): { first: InboundSample; last: InboundSample; seconds: number } {
  const first = series[0];
  const last = series[series.length - 1];
  if (!first || !last) throw new RangeError('a stream needs at least one sample');
  return { first, last, seconds: (last.timestamp - first.timestamp) / 1000 };
}

const delta = (last: number | undefined, first: number | undefined): number => Math.max((last ?? 0) - (first ?? 0), 0);
const perSecond = (amount: number, seconds: number): number => (seconds > 0 ? amount / seconds : 0);

export function videoQuality(series: readonly InboundSample[]): VideoQuality {
  const { first, last, seconds } = span(series);
  let longest = 0;
  for (let index = 1; index < series.length; index++) {
    const before = series[index - 1];
    const after = series[index];
    if (!before || !after) continue;
    if (delta(after.freezeCount, before.freezeCount) > 0) {
      longest = Math.max(longest, delta(after.totalFreezesDuration, before.totalFreezesDuration));
    }
  }
  let freezes = delta(last.freezeCount, first.freezeCount);
  let freezeSeconds = delta(last.totalFreezesDuration, first.totalFreezesDuration);
  const lastProgress = [...series].reverse().find((sample, index, reversed) => {
    const earlier = reversed[index + 1];
    return earlier === undefined || (sample.framesDecoded ?? 0) > (earlier.framesDecoded ?? 0);
  });
  const trailingStall = lastProgress ? (last.timestamp - lastProgress.timestamp) / 1000 : 0;
  if (trailingStall >= MIN_TRAILING_STALL_S) {
    freezes += 1;
    freezeSeconds += trailingStall;
    longest = Math.max(longest, trailingStall);
  }
  const widths = series.map((sample) => sample.frameWidth ?? 0);
  return {
    peerId: ownerOf(series),
    seconds,
    fps: perSecond(delta(last.framesDecoded, first.framesDecoded), seconds),
    widthMin: Math.min(...widths),
    widthMedian: median(widths),
    freezes,
    freezeSeconds,
    longestFreezeSeconds: longest,
    kbps: perSecond((delta(last.bytesReceived, first.bytesReceived) * 8) / 1000, seconds),
    packetsLost: delta(last.packetsLost, first.packetsLost),
    requestedLayer: [...series].reverse().find((sample) => sample.requestedLayer !== undefined)?.requestedLayer,
  };
}

export function audioQuality(series: readonly InboundSample[]): AudioQuality {
  const { first, last, seconds } = span(series);
  const samples = delta(last.totalSamplesReceived, first.totalSamplesReceived);
  return {
    peerId: ownerOf(series),
    seconds,
    concealmentPercent: samples > 0 ? (delta(last.concealedSamples, first.concealedSamples) / samples) * 100 : 0,
    packetsLost: delta(last.packetsLost, first.packetsLost),
    kbps: perSecond((delta(last.bytesReceived, first.bytesReceived) * 8) / 1000, seconds),
  };
}

/** Every remote video and audio a page received over the window (the probation stream left out). */
export function receivedQuality(snapshots: readonly Snapshot[]): { videos: VideoQuality[]; audio: AudioQuality[] } {
  const videos: VideoQuality[] = [];
  const audio: AudioQuality[] = [];
  for (const series of inboundSeries(snapshots).values()) {
    if (series.length < 2) continue;
    if (series[0]?.kind === 'audio') audio.push(audioQuality(series));
    else if (!isProbation(series)) videos.push(videoQuality(series));
  }
  return { videos, audio };
}

/** Bytes of every stream a page received (probation included) per second over the window, kbit/s. */
export function totalReceivedKbps(snapshots: readonly Snapshot[]): number {
  let kbits = 0;
  let seconds = 0;
  for (const series of inboundSeries(snapshots).values()) {
    if (series.length < 2) continue;
    const window = span(series);
    kbits += (delta(window.last.bytesReceived, window.first.bytesReceived) * 8) / 1000;
    seconds = Math.max(seconds, window.seconds);
  }
  return perSecond(kbits, seconds);
}

/** What a page sent as video over the window, per simulcast layer (rid), and why its encoder held back. */
export function sendQuality(snapshots: readonly Snapshot[]): SendQuality {
  const byLayer = new Map<string, OutboundSample[]>();
  for (const snapshot of snapshots) {
    for (const sample of snapshot.outbound) {
      if (sample.kind !== 'video') continue;
      const list = byLayer.get(sample.key) ?? [];
      list.push(sample);
      byLayer.set(sample.key, list);
    }
  }
  const layers: LayerQuality[] = [];
  let limitation: string | undefined;
  let limitedPercent: Record<string, number> = {};
  for (const series of byLayer.values()) {
    series.sort((a, b) => a.timestamp - b.timestamp);
    const first = series[0];
    const last = series[series.length - 1];
    if (!first || !last || series.length < 2) continue;
    const seconds = (last.timestamp - first.timestamp) / 1000;
    layers.push({
      rid: last.rid ?? '-',
      fps: perSecond(delta(last.framesEncoded, first.framesEncoded), seconds),
      width: last.frameWidth ?? 0,
      kbps: perSecond((delta(last.bytesSent, first.bytesSent) * 8) / 1000, seconds),
    });
    // Every layer of one sender reports the same limitation (one encoder): read it once.
    if (limitation === undefined && last.qualityLimitationReason !== undefined) {
      limitation = last.qualityLimitationReason;
      limitedPercent = Object.fromEntries(
        Object.entries(last.qualityLimitationDurations ?? {})
          .filter(([reason]) => reason !== 'none')
          .map(([reason, total]) => [
            reason,
            seconds > 0 ? (delta(total, first.qualityLimitationDurations?.[reason]) / seconds) * 100 : 0,
          ]),
      );
    }
  }
  layers.sort((a, b) => a.rid.localeCompare(b.rid));
  return { layers, limitation, limitedPercent };
}
