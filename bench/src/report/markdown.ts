import type { KneeResult } from '../phases/knee.js';
import { kneePerCore, streamsPerCore, type BenchResults, type SfuSeries } from './results.js';

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const percent = (rate: number): string => `${(rate * 100).toFixed(2)} %`;
const verdict = (met: boolean, measured = true): string =>
  measured ? (met ? '**met**' : '**not met**') : '**not measured** (a knee was not reached)';

function kneeText(knee: KneeResult): string {
  if (knee.kneeReceivers === null) return 'over 1 % loss from the first step';
  const prefix = knee.reached ? '' : '≥ ';
  return `${prefix}${knee.kneeReceivers} subscribers (${prefix}${fixed(kneePerCore(knee) ?? 0, 0)} per core; steps of ${knee.step})`;
}

function forwardingTable(huddle: SfuSeries, janus: SfuSeries): string {
  const lines = [
    `| N | ${huddle.name} CPU % | per subscriber | loss | kbit/s per subscriber | RSS MB | ${janus.name} CPU % | per subscriber | loss | kbit/s per subscriber | RSS MB | streams per CPU-second, ratio |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  huddle.forwarding.forEach((ours, index) => {
    const theirs = janus.forwarding[index];
    const ratio = theirs ? streamsPerCore(ours) / streamsPerCore(theirs) : Number.NaN;
    lines.push(
      [
        `| ${ours.receivers}`,
        fixed(ours.cpuPercent),
        fixed(ours.cpuPercentPerReceiver, 3),
        percent(ours.lossRate),
        fixed(ours.receiverKbps, 0),
        fixed(ours.rssMb, 0),
        theirs ? fixed(theirs.cpuPercent) : '—',
        theirs ? fixed(theirs.cpuPercentPerReceiver, 3) : '—',
        theirs ? percent(theirs.lossRate) : '—',
        theirs ? fixed(theirs.receiverKbps, 0) : '—',
        theirs ? fixed(theirs.rssMb, 0) : '—',
        `${fixed(ratio, 2)}× |`,
      ].join(' | '),
    );
  });
  return lines.join('\n');
}

function browserLikeTable(huddle: SfuSeries, janus: SfuSeries): string {
  const lines = ['| SFU | N | CPU % | per subscriber | loss | kbit/s per subscriber |', '|---|---|---|---|---|---|'];
  for (const series of [huddle, janus]) {
    for (const step of series.browserLike) {
      lines.push(
        `| ${series.name} | ${step.receivers} | ${fixed(step.cpuPercent)} | ${fixed(step.cpuPercentPerReceiver, 3)} | ${percent(step.lossRate)} | ${fixed(step.receiverKbps, 0)} |`,
      );
    }
  }
  const ours = huddle.browserLike[0];
  const theirs = janus.browserLike[0];
  const ratio = ours && theirs ? streamsPerCore(ours) / streamsPerCore(theirs) : Number.NaN;
  return `${lines.join('\n')}\n\nStreams per CPU-second, Huddle / Janus: ${fixed(ratio, 2)}×.`;
}

/** CPU % of a core each added subscriber costs, from the first step to the last (fixed costs cancel out). */
function marginalCost(series: SfuSeries): number {
  const first = series.forwarding[0];
  const last = series.forwarding.at(-1);
  if (!first || !last || last.receivers === first.receivers) return Number.NaN;
  return (last.cpuPercent - first.cpuPercent) / (last.receivers - first.receivers);
}

/** The human report: the same run's numbers side by side, each target marked met or not. */
export function markdownReport(results: BenchResults): string {
  const { huddle, janus, scaling, joinSpeed, signaling, machine, settings } = results;
  const top = huddle.forwarding.at(-1);
  const topJanus = janus.forwarding.at(-1);
  const efficiency = top && topJanus ? streamsPerCore(top) / streamsPerCore(topJanus) : Number.NaN;
  // A ratio only means something when both runs found their knee (a "≥" knee is a lower bound).
  const oneKnee = scaling.oneWorker.reached ? scaling.oneWorker.kneeReceivers : null;
  const twoKnee = scaling.twoWorkers.reached ? scaling.twoWorkers.kneeReceivers : null;
  const scalingRatio = oneKnee && twoKnee ? twoKnee / oneKnee : Number.NaN;
  const lossOk = (top?.lossRate ?? 1) < 0.01;
  return `# Huddle vs Janus — forwarding, capacity, join speed

Run ${results.startedAt} on ${machine.cpuModel} (${machine.cores} cores, ${machine.memoryGb} GB, Linux ${machine.kernel}, Node ${machine.node}); the whole run took ${fixed(results.durationSeconds / 60, 1)} min.
Stream: ${settings.stream}. Each step measures ${settings.windowSeconds} s after a warm-up; SFU CPU is read from /proc over all its processes; loss and bitrate come from the receivers' RTP sequence numbers and byte counts. The bots run in the benchmark's own process on the same 2 cores. Unless said otherwise, receivers negotiate bare RTP on both SFUs (no header extensions, RTX or RTCP feedback) and send no RTCP.

## Targets

| target | result | |
|---|---|---|
| ≥ 2× Janus's forwarded streams per CPU-second at < 1 % loss (N = ${top?.receivers ?? '—'}) | ${fixed(efficiency, 2)}× | ${verdict(efficiency >= 2 && lossOk)} |
| join → first frame p50 < 300 ms | ${fixed(joinSpeed.firstFrameMs.p50, 0)} ms | ${verdict(joinSpeed.firstFrameMs.p50 < 300)} |
| 2 workers ≥ 1.8× one | ${fixed(scalingRatio, 2)}× | ${verdict(scalingRatio >= 1.8, Number.isFinite(scalingRatio))} |

## Forwarding: one publisher, N subscribers, SFU uncapped

${forwardingTable(huddle, janus)}

Each added subscriber (N = ${huddle.forwarding[0]?.receivers ?? '—'} → ${top?.receivers ?? '—'}) costs ${huddle.name} ${fixed(marginalCost(huddle), 3)} % of a core and ${janus.name} ${fixed(marginalCost(janus), 3)} % (ratio ${fixed(marginalCost(janus) / marginalCost(huddle), 2)}×).

![CPU per subscriber](cpu-per-subscriber.svg)

### With browser-like receivers

The receivers above negotiate bare RTP on both SFUs (no header extensions, RTX or RTCP feedback). Browsers
negotiate more (RTX, NACK, transport-cc and header extensions to stamp), and the SFUs work more for them even when
no feedback comes; the same at one N with receivers that negotiate all of it:

${browserLikeTable(huddle, janus)}

## Capacity knee under a CPU quota of ${settings.kneeQuota * 100} % of one core

Subscribers are added in steps until the receivers lose more than 1 % of packets in a window.

| SFU | most subscribers at ≤ 1 % loss |
|---|---|
| ${huddle.name} | ${kneeText(huddle.knee)} |
| ${janus.name} | ${kneeText(janus.knee)} |

## Scaling: one room spanning workers, ${scaling.quotaPerWorker * 100} % of a core per worker

| workers | most subscribers at ≤ 1 % loss |
|---|---|
| 1 | ${kneeText(scaling.oneWorker)} |
| 2 | ${kneeText(scaling.twoWorkers)} |

Ratio 2 → 1 workers: ${fixed(scalingRatio, 2)}×.

## Join speed (Huddle)

A browser-grade participant (mediasoup-client on libwebrtc, decoding) joins a room with ${joinSpeed.publishers} publishers, ${joinSpeed.joins} times:
opening the WebSocket → first decoded video frame p50 ${fixed(joinSpeed.firstFrameMs.p50, 0)} ms, p95 ${fixed(joinSpeed.firstFrameMs.p95, 0)} ms (min ${fixed(joinSpeed.firstFrameMs.min, 0)}, max ${fixed(joinSpeed.firstFrameMs.max, 0)});
→ joined with transports ready p50 ${fixed(joinSpeed.joinedMs.p50, 0)} ms, p95 ${fixed(joinSpeed.joinedMs.p95, 0)} ms.

## Signaling latency (Huddle)

${signaling.idleSockets} joined idle sockets in ${signaling.rooms} rooms; ${signaling.requests} sequential requests from one more socket:
p50 ${fixed(signaling.p50Ms, 2)} ms, p99 ${fixed(signaling.p99Ms, 2)} ms, max ${fixed(signaling.maxMs, 2)} ms.
`;
}
