import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  JoinRefused,
  SignalingUnavailable,
  freePort,
  isPortFree,
  joinParticipant,
  mediaDump,
  startSfu,
  waitFor,
  type JoinParticipantOptions,
  type Participant,
} from '@huddle/testkit';
import { useSharedSfu } from '../support/sharedSfu.js';

const RECEIVERS = 20;

/** Received packets of one kind from one peer, summed over its streams. */
async function packetsFrom(receiver: Participant, from: Participant, kind: 'audio' | 'video'): Promise<number> {
  const { inbound } = await receiver.stats();
  return inbound
    .filter((stream) => stream.peerId === from.peerId && stream.kind === kind)
    .reduce((sum, stream) => sum + stream.packets, 0);
}

/** Running or sleeping; a zombie (exited, not yet reaped) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

describe('test kit: headless participants against a real SFU', () => {
  const shared = useSharedSfu();
  const join = (room: string, options?: JoinParticipantOptions): Promise<Participant> => shared.join(room, options);

  it(`delivers a browser-grade publisher to ${RECEIVERS} lightweight receivers with < 1 % loss; layer 0 costs less`, async () => {
    const publisher = await join('scale', { name: 'Publisher', publish: ['mic', 'camera'] });
    const receivers = await Promise.all(
      Array.from({ length: RECEIVERS }, (_, index) =>
        join('scale', { kind: 'lightweight', name: `receiver-${index}` }),
      ),
    );
    for (const receiver of receivers) {
      await receiver.waitForMedia(publisher, { kind: 'video', minBitrate: 50_000 });
      await receiver.waitForMedia(publisher, { kind: 'audio', minBitrate: 10_000 });
    }
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    for (const receiver of receivers) {
      const fromPublisher = (await receiver.stats()).inbound.filter((stream) => stream.peerId === publisher.peerId);
      expect(fromPublisher.map((stream) => stream.kind).sort()).toEqual(['audio', 'video']);
      for (const stream of fromPublisher) {
        expect(stream.packets).toBeGreaterThan(100);
        expect(stream.lossRate).toBeLessThan(0.01);
      }
    }

    const [watcher] = receivers;
    if (!watcher) throw new Error('no receivers');
    const high = await watcher.waitForMedia(publisher, { kind: 'video', minBitrate: 250_000, timeoutMs: 20_000 });
    expect(high.frameWidth).toBe(640);
    await watcher.setPreferredLayers(publisher, { spatialLayer: 0 });
    const low = await waitFor(
      async () => {
        const stream = (await watcher.stats()).inbound.find(
          (entry) => entry.peerId === publisher.peerId && entry.kind === 'video',
        );
        return stream?.frameWidth === 320 && stream.bitrate > 0 && stream.bitrate < high.bitrate * 0.6
          ? stream
          : undefined;
      },
      { timeoutMs: 15_000, description: 'the 320×180 layer at a lower bitrate' },
    );
    expect(low.layers?.spatialLayer).toBe(0);
  });

  it('decodes video in a browser-grade receiver and follows its preferred layer', async () => {
    const alice = await join('decode', { name: 'Alice', publish: ['camera'] });
    const bob = await join('decode', { name: 'Bob' });
    const high = await bob.waitForMedia(alice, { minFramesDecoded: 30, minBitrate: 250_000, timeoutMs: 20_000 });
    expect(high.frameWidth).toBe(640);
    await bob.setPreferredLayers(alice, { spatialLayer: 0 });
    await waitFor(
      async () => (await bob.stats()).inbound.find((stream) => stream.kind === 'video' && stream.frameWidth === 320),
      { timeoutMs: 15_000, description: 'Bob to decode the 320×180 layer' },
    );
  });

  it('stops the packets when a publisher mutes, and they come back on unmute', async () => {
    const talker = await join('mute', { name: 'Talker', publish: ['mic'] });
    const listener = await join('mute', { kind: 'lightweight', name: 'Listener' });
    await listener.waitForMedia(talker, { kind: 'audio', minBitrate: 10_000 });
    await talker.setMuted('mic', true);
    await listener.waitForNotification('producerPaused', (data) => data.peerId === talker.peerId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await packetsFrom(listener, talker, 'audio');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await packetsFrom(listener, talker, 'audio')).toBe(before);
    await talker.setMuted('mic', false);
    await waitFor(async () => (await packetsFrom(listener, talker, 'audio')) > before + 20, {
      description: 'audio packets after unmuting',
    });
  });

  it('unsubscribing pauses a stream, subscribing resumes it', async () => {
    const talker = await join('subscribe', { name: 'Talker', publish: ['mic'] });
    const listener = await join('subscribe', { kind: 'lightweight', name: 'Listener', subscribe: false });
    await listener.waitForPeer('Talker');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await packetsFrom(listener, talker, 'audio')).toBe(0);
    await listener.subscribe(talker);
    await listener.waitForMedia(talker, { kind: 'audio' });
    await listener.unsubscribe(talker);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const paused = await packetsFrom(listener, talker, 'audio');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await packetsFrom(listener, talker, 'audio')).toBe(paused);
  });

  it('carries chat both ways and tells a kicked participant why', async () => {
    const host = await join('chat', { name: 'Host' });
    const guest = await join('chat', { kind: 'lightweight', name: 'Guest' });
    await host.waitForPeer('Guest');
    expect(host.role).toBe('moderator');
    await guest.sendChat('hello from a lightweight bot');
    await host.waitForChat('hello from a lightweight bot');
    await host.sendChat('just for you', { to: guest });
    expect((await guest.waitForChat(/just for/)).to).toBe(guest.peerId);

    await host.kick(guest, 'testing removal');
    expect(await guest.waitForNotification('kicked')).toEqual({ reason: 'testing removal' });
    await host.waitForPeer(guest, { present: false });

    const late = await join('chat', { kind: 'lightweight', name: 'Late' });
    await shared.sfu.admin.post(`/rooms/chat/participants/${late.peerId}/kick`, { reason: 'removed by the admin API' });
    expect((await late.waitForNotification('kicked')).reason).toBe('removed by the admin API');
  });

  it('explains a refused join with the server code, and an unreachable SFU', async () => {
    await shared.sfu.admin.post('/rooms', { slug: 'locked-room', locked: true });
    const refused = await joinParticipant(shared.sfu.url, 'locked-room', { kind: 'lightweight' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(JoinRefused);
    expect((refused as JoinRefused).code).toBe('ROOM_LOCKED');

    const nowhere = `http://127.0.0.1:${await freePort()}`;
    await expect(joinParticipant(nowhere, 'any', { kind: 'lightweight' })).rejects.toThrow(SignalingUnavailable);
    await expect(joinParticipant(nowhere, 'any')).rejects.toThrow(/cannot reach the SFU/);
  });

  it('reports a wait that times out with what it saw', async () => {
    const alone = await join('alone', { kind: 'lightweight', name: 'Alone' });
    await expect(alone.waitForPeer('Nobody', { timeoutMs: 300 })).rejects.toThrow(
      /timed out after 300 ms waiting for Alone to see Nobody join: peers: none/,
    );
  });
});

describe('test kit: a participant that vanishes', () => {
  it("is dropped by the SFU's heartbeat and grace period: its transports and consumers close", async () => {
    const sfu = await startSfu({ env: { HUDDLE_HEARTBEAT_MS: '500', HUDDLE_RECONNECT_GRACE_MS: '1500' } });
    try {
      const publisher = await joinParticipant(sfu.url, 'vanish', { kind: 'lightweight', publish: ['mic', 'camera'] });
      const ghost = await joinParticipant(sfu.url, 'vanish', { kind: 'lightweight', name: 'Ghost' });
      await ghost.waitForMedia(publisher, { kind: 'video' });
      const consumers = async (): Promise<number> =>
        (await mediaDump(sfu)).workers.reduce((sum, worker) => sum + worker.consumers, 0);
      expect(await consumers()).toBe(2);
      const transports = async (): Promise<number> =>
        (await mediaDump(sfu)).workers.reduce((sum, worker) => sum + worker.webRtcServer.webRtcTransportIds.length, 0);
      // The publisher's send and receive transports, and the ghost's receive transport.
      expect(await transports()).toBe(3);
      await ghost.crash();
      await publisher.waitForPeer('Ghost', { present: false, timeoutMs: 10_000 });
      await waitFor(async () => (await consumers()) === 0, { description: "the ghost's consumers to close" });
      expect(await transports()).toBe(2);
      await publisher.leave();
    } finally {
      await sfu.stop();
    }
  });
});

describe('test kit: startSfu', () => {
  it('stop() leaves no process, port or temporary file behind', async () => {
    const sfu = await startSfu({ workers: 2 });
    const workerPids = (await mediaDump(sfu)).workers.map((worker) => worker.pid);
    expect(workerPids).toHaveLength(2);
    const participant = await joinParticipant(sfu.url, 'leaks', { kind: 'lightweight', publish: ['mic'] });
    await participant.leave();
    expect(existsSync(sfu.dataDir)).toBe(true);
    await sfu.stop();
    expect([sfu.pid, ...workerPids].filter(isAlive)).toEqual([]);
    for (const port of [sfu.ports.http, ...sfu.ports.rtc]) expect(await isPortFree(port)).toBe(true);
    expect(existsSync(sfu.dataDir)).toBe(false);
    await sfu.stop();
  });

  it('logs its admin client in with the account the environment sets', async () => {
    const sfu = await startSfu({ env: { HUDDLE_ADMIN_USER: 'ops', HUDDLE_ADMIN_PASSWORD: 'a long enough password' } });
    try {
      const me = await sfu.admin.get('/auth/me');
      expect(me).toEqual({ kind: 'admin', name: 'ops' });
    } finally {
      await sfu.stop();
    }
  });
});
