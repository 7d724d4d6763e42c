import { RoomSession, type ConnectionState } from '@huddle/client';
import { clusterResponseSchema } from '@huddle/shared';
import {
  installNodeWebRtc,
  startLocalCluster,
  syntheticTrack,
  type LocalCluster,
  type SyntheticTrack,
} from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually } from '../support/eventually.js';

const ROOM = 'failover';
const NAMES = ['Ann', 'Bob', 'Cid', 'Dee'];
/** Each node hosts two peers at most: four participants span two of the three nodes, the third has room. */
const MAX_PEERS = 2;
const HEARTBEAT_SECONDS = 0.5;
// Small and slow: three of them fit the receive transports' first bandwidth estimate (no suspended consumers).
const SMALL_VIDEO = { width: 160, height: 90, fps: 10 };

type Member = { name: string; session: RoomSession; states: ConnectionState[]; tracks: SyntheticTrack[] };

/** Bytes received per (peer, kind) from a session's consumers. */
async function received(session: RoomSession): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const stats of await session.getConsumerStats()) {
    const key = `${stats.peerId}/${stats.kind}`;
    totals.set(key, (totals.get(key) ?? 0) + (stats.bytesReceived ?? 0));
  }
  return totals;
}

/** Every member receives audio and video from every other member, growing between two samples. */
async function mediaFlows(members: readonly Member[]): Promise<void> {
  await Promise.all(
    members.map(async (member) => {
      const before = await received(member.session);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = await received(member.session);
      for (const other of members) {
        if (other === member) continue;
        const peer = member.session.peers.find((candidate) => candidate.displayName === other.name);
        expect(peer, `${member.name} sees ${other.name}`).toBeDefined();
        for (const kind of ['audio', 'video']) {
          const key = `${peer?.peerId ?? ''}/${kind}`;
          expect(after.get(key) ?? 0, `${member.name} gets ${other.name}'s ${kind}`).toBeGreaterThan(
            before.get(key) ?? 0,
          );
        }
      }
    }),
  );
}

describe('a meeting across three nodes survives drain, kill -9 and a Redis restart', () => {
  let cluster: LocalCluster;
  const members: Member[] = [];

  beforeAll(async () => {
    installNodeWebRtc();
    cluster = await startLocalCluster({
      nodes: 3,
      maxPeers: MAX_PEERS,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      env: { HUDDLE_ROOM_EMPTY_GRACE_MS: '500', HUDDLE_DRAIN_SECONDS: '20' },
    });
    for (const name of NAMES) {
      const session = new RoomSession({ url: cluster.wsUrl, signaling: { WebSocket }, handlerName: 'Chrome111' });
      const member: Member = { name, session, states: [], tracks: [] };
      session.on('connectionStateChanged', (state) => member.states.push(state));
      await session.join(ROOM, name);
      const mic = syntheticTrack('audio');
      const camera = syntheticTrack('video', SMALL_VIDEO);
      member.tracks.push(mic, camera);
      await session.publishMic(mic.track);
      await session.publishCamera(camera.track, { simulcast: false });
      members.push(member);
    }
    await eventually(() => mediaFlows(members), 30_000);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(members.map((member) => member.session.leave()));
    for (const member of members) for (const track of member.tracks) track.stop();
    await cluster?.stop();
  });

  /** Local peers per running node, by index. */
  async function peersPerNode(): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (const [index, node] of cluster.nodes.entries()) if (node) counts.set(index, await node.metric('huddle_peers'));
    return counts;
  }

  async function busiestNode(): Promise<number> {
    const counts = [...(await peersPerNode()).entries()].sort((a, b) => b[1] - a[1]);
    const [index, peers] = counts[0] ?? [-1, 0];
    expect(peers).toBe(MAX_PEERS);
    return index;
  }

  function peerIds(): (string | undefined)[] {
    return members.map((member) => member.session.peerId);
  }

  /** The victim's peers rejoined as new peers (and only they), everyone is connected, and media flows. */
  async function everyoneBack(before: readonly (string | undefined)[]): Promise<void> {
    const after = peerIds();
    expect(after.filter((peerId, index) => peerId !== before[index])).toHaveLength(MAX_PEERS);
    for (const member of members) expect(member.session.state, member.name).toBe('connected');
    expect([...(await peersPerNode()).values()].reduce((sum, count) => sum + count, 0)).toBe(NAMES.length);
    await mediaFlows(members);
  }

  it('drain: the node’s peers rejoin the same meeting on another node and media flows again within 5 s', async () => {
    const victim = await busiestNode();
    const before = peerIds();
    for (const member of members) member.states.length = 0;
    const started = Date.now();
    const drained = cluster.drain(victim);
    // The draining node waits two beats before it closes its meetings; its peers are moved from then on.
    await eventually(() => everyoneBack(before), 20_000, 100);
    const movedAfterMs = Date.now() - started - 2 * HEARTBEAT_SECONDS * 1000;
    await drained;
    const after = peerIds();
    const moved = members.filter((_, index) => before[index] !== after[index]);
    expect(moved).toHaveLength(MAX_PEERS);
    for (const member of members.filter((candidate) => !moved.includes(candidate)))
      expect(member.states, `${member.name} stayed`).not.toContain('rejoining');
    process.stdout.write(`[failover] drain: moved peers back with media ${movedAfterMs} ms after the hand-off\n`);
    expect(movedAfterMs).toBeLessThan(5_000);
    await cluster.startNode(victim);
  }, 60_000);

  it('kill -9: its peers are back through the balancer within 5 s of the failure being detected', async () => {
    const victim = await busiestNode();
    const witness = cluster.nodes.findIndex((node, index) => node && index !== victim);
    const before = peerIds();
    for (const member of members) member.states.length = 0;
    await cluster.kill(victim);
    const killedAt = Date.now();
    await eventually(
      async () => {
        const view = clusterResponseSchema.parse(await cluster.node(witness).admin.get('/cluster'));
        expect(view.nodes.map((node) => node.id)).not.toContain(cluster.nodeId(victim));
      },
      10_000,
      50,
    );
    const detectedAt = Date.now();
    await eventually(() => everyoneBack(before), 20_000, 100);
    const backAfterMs = Date.now() - detectedAt;
    const after = peerIds();
    const moved = members.filter((_, index) => before[index] !== after[index]);
    expect(moved).toHaveLength(MAX_PEERS);
    for (const member of members.filter((candidate) => !moved.includes(candidate)))
      expect(member.states, `${member.name} stayed`).not.toContain('rejoining');
    process.stdout.write(
      `[failover] kill -9: detected after ${detectedAt - killedAt} ms; peers back with media ${backAfterMs} ms later\n`,
    );
    expect(detectedAt - killedAt).toBeLessThan(3 * HEARTBEAT_SECONDS * 1000 + 1_500);
    expect(backAfterMs).toBeLessThan(5_000);
    await cluster.startNode(victim);
  }, 60_000);

  it('a Redis restart leaves the running call alone, and the nodes register again', async () => {
    const before = peerIds();
    for (const member of members) member.states.length = 0;
    let redisBack = false;
    // Down long enough for the checks below to run inside the outage even on a busy machine.
    const restarted = cluster.redis.restart(10_000).then(() => {
      redisBack = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Redis is down: the node says it is not ready, while media between the nodes goes on.
    await eventually(async () => expect((await fetch(`${cluster.node(0).url}/readyz`)).status).toBe(503), 4_000, 100);
    await eventually(() => mediaFlows(members), 4_000, 100);
    expect(redisBack).toBe(false);
    await restarted;
    await eventually(
      async () => {
        for (const node of cluster.nodes) {
          if (!node) continue;
          const view = clusterResponseSchema.parse(await node.admin.get('/cluster'));
          expect(view.nodes).toHaveLength(3);
          expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
        }
      },
      20_000,
      200,
    );
    await eventually(() => mediaFlows(members), 10_000, 100);
    expect(peerIds()).toEqual(before);
    for (const member of members) expect(member.states, member.name).not.toContain('rejoining');
  }, 60_000);
});
