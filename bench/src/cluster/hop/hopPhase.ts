import type { Participant } from '@huddle/testkit';
import { progress } from '../../progress.js';
import { sleep } from '../../phases/window.js';
import { BenchCluster, HEARTBEAT_SECONDS } from '../benchCluster.js';
import { addSubscribers, joinPublisher, leaveAll } from '../crowd.js';
import { expectPlacement, hostedPeers, startMeetingOn, waitForView, type Leaver } from '../placement.js';
import { ProbeReceiver } from '../probe/probeReceiver.js';
import { groupQuality, type GroupQuality } from '../quality.js';
import { receiverCounters } from '../../huddle/receiverCounters.js';
import { measureCluster, type ClusterUsage } from '../usage.js';
import { ArrivalMatcher, packetKey, summarizeDeltas, type LatencySummary, type Side } from './arrivalMatcher.js';

export type HopOptions = {
  /** Lightweight subscribers on node B (besides the two probes). */
  subscribers: number;
  warmUpMs: number;
  windowMs: number;
};

export type HopLayout = 'same-node' | 'cross-node';

export type HopLayoutResult = {
  layout: HopLayout;
  /** The meeting's peers on node 1 and node 2 (publisher, probes, subscribers). */
  peersPerNode: number[];
  /** Everyone who receives: the lightweight subscribers and the two probes. */
  receivers: number;
  usage: ClusterUsage;
  /** Both nodes' CPU over the receivers, % of one core. */
  cpuPerReceiver: number;
  /** What the lightweight subscribers got. */
  quality: GroupQuality;
  /** Arrival at the test probe − at the reference probe, same packets. */
  latency: { audio: LatencySummary; video: LatencySummary; unmatched: number };
};

export type HopResult = {
  subscribers: number;
  /** Both nodes with nobody on them, % of one core each. */
  idleNodes: number[];
  sameNode: HopLayoutResult;
  crossNode: HopLayoutResult;
};

/** Node 1 takes two peers at most (publisher + reference probe); node 2 takes everyone else. */
const NODE1_MAX_PEERS = 2;
const MAX_PEERS = [NODE1_MAX_PEERS, 1000];

/**
 * One publisher (camera simulcast + mic) and N subscribers, all on one node, then with the publisher on node A
 * and the subscribers on node B (media piped A → B). Two probes timestamp every packet: the reference one on the
 * publisher's node, the test one with the subscribers; the same packet's arrival at both gives the hop's added
 * latency (and, all on one node, the method's own zero).
 */
export async function runHop(options: HopOptions): Promise<HopResult> {
  const cluster = await BenchCluster.start({ nodes: 2, maxPeers: MAX_PEERS, label: 'hop' });
  try {
    // Two beats after the start (the first node just created the schema, every node registered), nobody on them.
    await sleep(2 * HEARTBEAT_SECONDS * 1000);
    const idle = await measureCluster(cluster, Math.min(options.windowMs, 5_000));
    progress('hop.idle', { node1: idle.nodes[0]?.toFixed(2), node2: idle.nodes[1]?.toFixed(2) });
    const sameNode = await runLayout(cluster, 'same-node', options);
    await waitUntilEmpty(cluster);
    const crossNode = await runLayout(cluster, 'cross-node', options);
    return { subscribers: options.subscribers, idleNodes: idle.nodes, sameNode, crossNode };
  } finally {
    await cluster.stop();
  }
}

async function runLayout(cluster: BenchCluster, layout: HopLayout, options: HopOptions): Promise<HopLayoutResult> {
  // All on one node: node 2 (node 1 could not take them). Across: the publisher on node 1, the rest on node 2.
  const publisherNode = layout === 'same-node' ? 1 : 0;
  const subscriberNode = 1;
  const publisherAndProbes: Leaver[] = [];
  const subscribers: Participant[] = [];
  progress('hop.layout', { layout, subscribers: options.subscribers });
  try {
    const { first: publisher, room } = await startMeetingOn(cluster, publisherNode, `hop-${layout}`, (url, name) =>
      joinPublisher(url, name, 'publisher'),
    );
    publisherAndProbes.push(publisher);
    const reference = await ProbeReceiver.join(cluster.node(publisherNode).url, room, 'probe-reference');
    publisherAndProbes.push(reference);
    // Node 2 places the rest by node 1's last heartbeat: it must show node 1 full first.
    if (layout === 'cross-node') await waitForView(cluster, subscriberNode, publisherNode, NODE1_MAX_PEERS);
    const test = await ProbeReceiver.join(cluster.node(subscriberNode).url, room, 'probe-test');
    publisherAndProbes.push(test);
    await addSubscribers(subscribers, cluster.node(subscriberNode).url, room, publisher, options.subscribers);
    await Promise.all([reference.waitForMedia(), test.waitForMedia()]);
    const everyone = options.subscribers + 3;
    const peersPerNode = layout === 'same-node' ? [0, everyone] : [2, everyone - 2];
    await expectPlacement(cluster, room, peersPerNode);
    await sleep(options.warmUpMs);

    const matcher = new ArrivalMatcher();
    const listen = (probe: ProbeReceiver, side: Side): void =>
      probe.onPacket(({ at, kind, header, packet }) => matcher.record(side, kind, packetKey(kind, header, packet), at));
    listen(reference, 'reference');
    listen(test, 'test');
    const expiry = setInterval(() => matcher.expire(performance.now() - 2_000), 1_000);
    let measured: { usage: ClusterUsage; quality: GroupQuality };
    try {
      const before = await Promise.all(subscribers.map(receiverCounters));
      const usage = await measureCluster(cluster, options.windowMs);
      const after = await Promise.all(subscribers.map(receiverCounters));
      measured = { usage, quality: groupQuality(before, after, usage.windowMs / 1000) };
    } finally {
      clearInterval(expiry);
      reference.onPacket(undefined);
      test.onPacket(undefined);
    }
    matcher.expire(Number.POSITIVE_INFINITY);
    const { usage, quality } = measured;

    const receivers = options.subscribers + 2;
    const result: HopLayoutResult = {
      layout,
      peersPerNode,
      receivers,
      usage,
      cpuPerReceiver: usage.nodes.reduce((sum, cpu) => sum + cpu, 0) / receivers,
      quality,
      latency: {
        audio: summarizeDeltas(matcher.deltas.audio),
        video: summarizeDeltas(matcher.deltas.video),
        unmatched: matcher.unmatched,
      },
    };
    progress('hop.measured', {
      layout,
      node1: usage.nodes[0]?.toFixed(1),
      node2: usage.nodes[1]?.toFixed(1),
      perReceiver: result.cpuPerReceiver.toFixed(3),
      loss: (result.quality.lossRate * 100).toFixed(2),
      audioP50: result.latency.audio.p50Ms.toFixed(3),
      videoP50: result.latency.video.p50Ms.toFixed(3),
    });
    return result;
  } finally {
    await leaveAll(subscribers);
    await leaveAll(publisherAndProbes);
  }
}

/** Waits until neither node hosts anyone and each sees the other empty (placement goes by those views). */
async function waitUntilEmpty(cluster: BenchCluster): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const counts = await Promise.all([0, 1].map((index) => hostedPeers(cluster, index)));
    if (counts.every((count) => count === 0)) break;
    if (Date.now() > deadline) throw new Error(`peers still hosted after the layout: ${counts.join('/')}`);
    await sleep(250);
  }
  await sleep(2 * HEARTBEAT_SECONDS * 1000);
}
