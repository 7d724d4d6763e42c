import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callListResponseSchema,
  clusterResponseSchema,
  participantListResponseSchema,
  type ClusterResponse,
} from '@huddle/shared';
import {
  expectNoMediaLeft,
  joinParticipant,
  startLocalCluster,
  type LocalCluster,
  type Participant,
} from '@huddle/testkit';

describe('a meeting across three nodes (Redis, PostgreSQL, HAProxy)', () => {
  let cluster: LocalCluster;
  const joined: Participant[] = [];

  beforeAll(async () => {
    cluster = await startLocalCluster({ nodes: 3, maxPeers: [2, 50, 50], env: { HUDDLE_ROOM_EMPTY_GRACE_MS: '500' } });
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(joined.map((participant) => participant.leave()));
    await cluster?.stop();
  });

  async function join(
    url: string,
    room: string,
    name: string,
    publish: Array<'mic' | 'camera'> = [],
  ): Promise<Participant> {
    const participant = await joinParticipant(url, room, { name, kind: 'lightweight', publish });
    joined.push(participant);
    return participant;
  }

  it('lists every node with its load, from any node', async () => {
    const view: ClusterResponse = clusterResponseSchema.parse(await cluster.node(2).admin.get('/cluster'));
    expect(view.mode).toBe('cluster');
    expect(view.nodeId).toBe('node-3');
    expect(view.nodes.map((node) => node.id)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(view.nodes.every((node) => !node.draining && node.stats.maxPeers > 0)).toBe(true);
  });

  it('spans a room to another node once its node is at its budget', async () => {
    // node-1 (idle, so the meeting starts there) takes two peers at most: a third joiner through it goes elsewhere.
    const first = await join(cluster.node(0).url, 'budget', 'First', ['camera']);
    const second = await join(cluster.node(0).url, 'budget', 'Second');
    const third = await join(cluster.node(0).url, 'budget', 'Third', ['camera']);
    await third.waitForMedia(first, { kind: 'video', minBitrate: 20_000, timeoutMs: 20_000 });
    await first.waitForMedia(third, { kind: 'video', minBitrate: 20_000, timeoutMs: 20_000 });
    await second.waitForMedia(third, { kind: 'video', minBitrate: 20_000, timeoutMs: 20_000 });
    const calls = callListResponseSchema.parse(await cluster.node(1).admin.get('/calls'));
    const call = calls.calls.find((entry) => entry.room === 'budget');
    expect(call?.participants).toBe(3);
    expect(call?.nodes).toEqual(expect.arrayContaining(['node-1']));
    expect(call?.nodes?.length).toBe(2);
  });

  it('peers joined through different nodes and the balancer exchange audio and video both ways', async () => {
    const alice = await join(cluster.node(1).url, 'spanning', 'Alice', ['mic', 'camera']);
    const bob = await join(cluster.node(2).url, 'spanning', 'Bob', ['mic', 'camera']);
    const carol = await join(cluster.url, 'spanning', 'Carol', ['mic', 'camera']);
    for (const [receiver, senders] of [
      [alice, [bob, carol]],
      [bob, [alice, carol]],
      [carol, [alice, bob]],
    ] as const) {
      for (const sender of senders) {
        await receiver.waitForMedia(sender, { kind: 'video', minBitrate: 20_000, timeoutMs: 20_000 });
        await receiver.waitForMedia(sender, { kind: 'audio', minBitrate: 5_000, timeoutMs: 20_000 });
      }
    }
    const calls = callListResponseSchema.parse(await cluster.node(0).admin.get('/calls'));
    const call = calls.calls.find((entry) => entry.room === 'spanning');
    expect(call?.participants).toBe(3);
    expect(call?.nodes?.length).toBeGreaterThanOrEqual(1);
  });

  it('chat, hands and the active speaker reach peers on every node', async () => {
    const dana = await join(cluster.node(0).url, 'talk', 'Dana');
    const erik = await join(cluster.node(1).url, 'talk', 'Erik');
    const fay = await join(cluster.node(2).url, 'talk', 'Fay', ['mic']);
    await dana.waitForPeer(erik);
    await dana.waitForPeer(fay);
    await erik.waitForPeer(fay);

    await dana.sendChat('hello from node 1');
    await erik.waitForChat('hello from node 1');
    await fay.waitForChat('hello from node 1');
    const reply = await fay.sendChat('hi Dana', { to: dana });
    expect((await dana.waitForChat('hi Dana')).messageId).toBe(reply.messageId);

    await erik.signal.request('setHandRaised', { peerId: erik.peerId, raised: true });
    for (const other of [dana, fay]) {
      expect(
        await other.waitForNotification('handRaisedChanged', (change) => change.peerId === erik.peerId),
      ).toMatchObject({
        raised: true,
      });
    }

    // Fay speaks (Opus from ffmpeg) on node 3: the peers on nodes 1 and 2 are told she is the active speaker.
    for (const listener of [dana, erik]) {
      await listener.waitForNotification('activeSpeakerChanged', (data) => data.peerId === fay.peerId, {
        timeoutMs: 20_000,
      });
    }
  });

  it('an admin on node 1 kicks a peer hosted on node 3', async () => {
    const gina = await join(cluster.node(2).url, 'kicking', 'Gina');
    const hank = await join(cluster.node(1).url, 'kicking', 'Hank');
    await hank.waitForPeer(gina);
    await cluster.node(0).admin.post(`/rooms/kicking/participants/${gina.peerId}/kick`, { reason: 'off topic' });
    expect(await gina.waitForNotification('kicked')).toEqual({ reason: 'off topic' });
    await hank.waitForPeer(gina, { present: false });
    const left = participantListResponseSchema.parse(await cluster.node(0).admin.get('/rooms/kicking/participants'));
    expect(left.participants.map((participant) => participant.displayName)).toEqual(['Hank']);
  });

  it('leaves no mediasoup objects behind on any node once everyone left', async () => {
    await Promise.allSettled(joined.splice(0).map((participant) => participant.leave()));
    for (const node of cluster.nodes) if (node) await expectNoMediaLeft(node);
  }, 60_000);
});
