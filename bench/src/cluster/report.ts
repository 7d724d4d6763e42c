import type { CapacityResult } from './capacity/capacityPhase.js';
import type { LatencySummary } from './hop/arrivalMatcher.js';
import type { HopLayoutResult, HopResult } from './hop/hopPhase.js';
import { scalingRatio, type ClusterBenchResults } from './results.js';

/** The 3-node / 1-node capacity the issue asks for. */
export const SCALING_TARGET = 2.7;

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const percent = (share: number): string => `${fixed(share * 100, 2)} %`;
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const latency = (summary: LatencySummary): string =>
  summary.packets === 0
    ? 'no packet matched'
    : `${fixed(summary.p50Ms, 3)} / ${fixed(summary.p95Ms, 3)} / ${fixed(summary.meanMs, 3)} (${summary.packets})`;

function hopRow(result: HopLayoutResult): string {
  const { usage, quality } = result;
  return [
    result.layout,
    result.peersPerNode.join(' / '),
    fixed(usage.nodes[0] ?? 0, 1),
    fixed(usage.nodes[1] ?? 0, 1),
    fixed(sum(usage.nodes), 1),
    fixed(result.cpuPerReceiver, 3),
    percent(quality.lossRate),
    fixed(quality.kbpsMean, 0),
    latency(result.latency.audio),
    latency(result.latency.video),
  ].join(' | ');
}

function hopSection(hop: HopResult): string[] {
  const { sameNode, crossNode } = hop;
  const addedCpu = sum(crossNode.usage.nodes) - sum(sameNode.usage.nodes);
  const addedLatency = (kind: 'audio' | 'video'): string =>
    fixed(crossNode.latency[kind].p50Ms - sameNode.latency[kind].p50Ms, 3);
  return [
    `## Cross-node hop: 1 publisher, ${hop.subscribers} subscribers + 2 probes`,
    '',
    'CPU in % of one core (node = its Node process + its mediasoup worker). Latency: arrival at the test probe −',
    'arrival at the reference probe (on the publisher’s node) of the same packets, ms: p50 / p95 / mean (packets).',
    '',
    '| layout | peers node 1 / node 2 | node 1 CPU | node 2 CPU | both | per receiver | loss | kbit/s per subscriber | audio Δ | video Δ |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    `| ${hopRow(sameNode)} |`,
    `| ${hopRow(crossNode)} |`,
    '',
    `- Idle nodes (nobody on them): ${hop.idleNodes.map((cpu) => fixed(cpu, 2)).join(' / ')} % of a core.`,
    `- The hop costs ${fixed(addedCpu, 1)} % of a core more in all (${fixed(crossNode.cpuPerReceiver - sameNode.cpuPerReceiver, 3)} per receiver): the pipe, and the meeting's router, transports and consumers now on two nodes.`,
    `- Added latency of the hop (p50 across − p50 on one node, whose Δ is the method's own zero): audio ${addedLatency('audio')} ms, video ${addedLatency('video')} ms.`,
    `- Unmatched arrivals (lost, or a video layer only one probe got): ${sameNode.latency.unmatched} on one node, ${crossNode.latency.unmatched} across.`,
    '',
  ];
}

const STOPPED: Record<CapacityResult['meetings'][number]['stoppedBy'], string> = {
  'node-limit': 'its node at its quota',
  'generator-limit': 'the generator (lower bound)',
  'join-failed': 'joins failed',
  max: 'the cap',
};

function capacityRow(run: CapacityResult): string {
  const peak = (values: readonly number[]): string => (values.length === 0 ? '—' : fixed(Math.max(...values), 0));
  return [
    String(run.nodes),
    `${run.lowerBound ? '≥ ' : ''}${run.capacity}`,
    fixed(run.capacity / run.nodes, 1),
    run.meetings
      .map((meeting) => `node ${meeting.node + 1}: ${meeting.capacity} (${STOPPED[meeting.stoppedBy]})`)
      .join('; '),
    peak(run.windows.map((window) => window.usage.generator)),
    peak(run.windows.map((window) => window.usage.machineBusyPercent)),
  ].join(' | ');
}

function windowRow(window: CapacityResult['windows'][number]): string {
  return [
    `${window.step}${window.window > 1 ? ` (again, ${window.window})` : ''}`,
    window.rooms.map((room) => `${room.subscribers}${room.growing ? '' : '*'}`).join(' / '),
    window.usage.nodes.map((cpu) => fixed(cpu, 1)).join(' / '),
    window.usage.throttledShare.map((share) => fixed(share * 100, 0)).join(' / '),
    window.rooms.map((room) => percent(room.quality.lossRate)).join(' / '),
    window.rooms.map((room) => fixed(room.quality.kbpsMean, 0)).join(' / '),
    window.rooms.map((room) => fixed(room.publisherKbps, 0)).join(' / '),
    fixed(window.usage.generator, 0),
    fixed(window.usage.machineBusyPercent, 0),
  ].join(' | ');
}

function capacitySection(runs: readonly CapacityResult[], results: ClusterBenchResults): string[] {
  const settings = results.settings.capacity;
  const ratio = scalingRatio(runs, 3);
  const bound = runs.some((run) => run.lowerBound && run.nodes === 3) ? ' (3 nodes: a lower bound)' : '';
  const verdict =
    ratio === null
      ? 'not measured'
      : `**${fixed(ratio, 2)}×**${bound} (target ≥ ${SCALING_TARGET}×: ${ratio >= SCALING_TARGET ? 'met' : 'not met'})`;
  const lines = [
    `## Capacity, 1 → 3 nodes, each node in its own CPU quota of ${settings.cpuQuota} core`,
    '',
    `${settings.roomsPerNode} meeting(s) per node (1 publisher each: camera simulcast + mic); +${settings.stepPerRoom} subscribers`,
    `per growing meeting per step. A meeting fails a window when it loses > ${settings.criterion.maxLoss * 100} % or gets`,
    `< ${settings.criterion.minBitrateShare * 100} % of ${fixed(runs[0]?.expectedKbps ?? Number.NaN, 0)} kbit/s per subscriber (the top layer + the mic); it stops growing once its node, at its quota`,
    '(≥ 90 % of it used, throttled in ≥ half the periods, its publisher sending at full rate), failed twice; other failures are measured again.',
    'Capacity = the sum of the meetings’ last passing sizes.',
    '',
    '| nodes | capacity (subscribers) | per node | each meeting: subscribers (stopped by) | generator CPU, peak | machine busy %, peak |',
    '| ---: | ---: | ---: | --- | ---: | ---: |',
    ...runs.map((run) => `| ${capacityRow(run)} |`),
    '',
    `3 nodes / 1 node: ${verdict}; 2 nodes / 1 node: ${fixed(scalingRatio(runs, 2) ?? Number.NaN, 2)}×.`,
    '',
  ];
  for (const run of runs) {
    lines.push(
      `### ${run.nodes} node${run.nodes === 1 ? '' : 's'}: every window (* = a meeting no longer growing)`,
      '',
      '| step | subscribers per meeting | node CPU | throttled % | loss | kbit/s per subscriber | publisher sent, kbit/s | generator CPU | machine busy % |',
      '| --- | --- | --- | --- | --- | --- | --- | ---: | ---: |',
      ...run.windows.map((window) => `| ${windowRow(window)} |`),
      '',
    );
  }
  return lines;
}

/** The report printed at the end and written to bench/results/cluster.md. */
export function clusterMarkdown(results: ClusterBenchResults): string {
  const { machine, settings } = results;
  const lines = [
    `# Cluster benchmark${results.quick ? ' (quick run: too short to quote)' : ''}`,
    '',
    `${results.startedAt}, ${(results.durationSeconds / 60).toFixed(1)} min; ${machine.cpuModel}, ${machine.cores} cores,`,
    `${machine.memoryGb} GB, Linux ${machine.kernel}, Node ${machine.node}. Redis, PostgreSQL and HAProxy from Debian,`,
    `nodes with one mediasoup worker each, heartbeat ${settings.heartbeatSeconds} s; ${settings.warmUpSeconds} s warm-up,`,
    `${settings.windowSeconds} s window per measurement. The load generator (every participant, their ffmpeg encoders)`,
    'runs on the same cores as the nodes: see its CPU and the machine’s in the tables.',
    '',
  ];
  if (results.hop) lines.push(...hopSection(results.hop));
  if (results.capacity) lines.push(...capacitySection(results.capacity, results));
  if (results.errors.length > 0) lines.push('## Failed', '', ...results.errors.map((error) => `- ${error}`), '');
  return `${lines.join('\n')}\n`;
}
