import type { ReceiveCounters, SendCounters } from '../mediaEngine.js';

// Reads libwebrtc's standard stats report (RTCStatsReport) into the kit's counters, keyed by SSRC.

function numberField(entry: Record<string, unknown>, field: string): number | undefined {
  const value = entry[field];
  return typeof value === 'number' ? value : undefined;
}

function rtpEntries(report: RTCStatsReport, type: 'inbound-rtp' | 'outbound-rtp'): Array<Record<string, unknown>> {
  const entries: Array<Record<string, unknown>> = [];
  report.forEach((entry: Record<string, unknown>) => {
    if (entry.type === type && typeof entry.ssrc === 'number') entries.push(entry);
  });
  return entries;
}

export function readInbound(report: RTCStatsReport): Map<number, ReceiveCounters> {
  const bySsrc = new Map<number, ReceiveCounters>();
  for (const entry of rtpEntries(report, 'inbound-rtp')) {
    const counters: ReceiveCounters = {
      packets: numberField(entry, 'packetsReceived') ?? 0,
      bytes: numberField(entry, 'bytesReceived') ?? 0,
      packetsLost: Math.max(0, numberField(entry, 'packetsLost') ?? 0),
    };
    const framesDecoded = numberField(entry, 'framesDecoded');
    const frameWidth = numberField(entry, 'frameWidth');
    const frameHeight = numberField(entry, 'frameHeight');
    if (framesDecoded !== undefined) counters.framesDecoded = framesDecoded;
    if (frameWidth !== undefined) counters.frameWidth = frameWidth;
    if (frameHeight !== undefined) counters.frameHeight = frameHeight;
    bySsrc.set(entry.ssrc as number, counters);
  }
  return bySsrc;
}

/** Sent counters per transceiver `mid`, summed over its simulcast streams. */
export function readOutbound(report: RTCStatsReport): Map<string, SendCounters> {
  const byMid = new Map<string, SendCounters>();
  for (const entry of rtpEntries(report, 'outbound-rtp')) {
    if (typeof entry.mid !== 'string') continue;
    const total = byMid.get(entry.mid) ?? { packets: 0, bytes: 0 };
    total.packets += numberField(entry, 'packetsSent') ?? 0;
    total.bytes += numberField(entry, 'bytesSent') ?? 0;
    byMid.set(entry.mid, total);
  }
  return byMid;
}
