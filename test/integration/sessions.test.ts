import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSignalError, SignalError } from '@huddle/client';
import { PROTOCOL_VERSION } from '@huddle/shared';
import { SignalProbe, expectNoMediaLeft, mediaDump, startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

describe('rooms and peers', () => {
  let sfu: LocalSfu;

  beforeAll(async () => {
    sfu = await startSfu({
      workers: 2,
      env: { HUDDLE_RECONNECT_GRACE_MS: '1500', HUDDLE_ROOM_EMPTY_GRACE_MS: '1000', HUDDLE_HEARTBEAT_MS: '500' },
    });
  });
  afterAll(async () => {
    await sfu?.stop();
  });

  it('tells peers who joins and leaves, with the peer list on join', async () => {
    const ann = await SignalProbe.connect(sfu.wsUrl);
    const bob = await SignalProbe.connect(sfu.wsUrl);
    const annJoin = await ann.join('lobby', 'Ann');
    expect(annJoin.peers).toEqual([]);
    const bobJoin = await bob.join('lobby', 'Bob');
    expect(bobJoin.peers).toEqual([
      {
        peerId: annJoin.peerId,
        displayName: 'Ann',
        state: 'connected',
        role: 'moderator',
        handRaised: false,
        joinedAt: expect.any(Number),
        producers: [],
      },
    ]);
    const joined = await ann.waitForNotification('peerJoined');
    expect(joined.peer).toMatchObject({ peerId: bobJoin.peerId, displayName: 'Bob' });
    await bob.request('leave', {});
    await ann.waitForNotification('peerLeft', (data) => data.peerId === bobJoin.peerId);
    expect((await bob.requestError('createTransport', { direction: 'recv' })).code).toBe('NOT_JOINED');
    await Promise.all([ann.close(), bob.close()]);
  });

  it('serializes concurrent joins of a new room onto one router', async () => {
    const clients = await Promise.all(Array.from({ length: 6 }, () => SignalProbe.connect(sfu.wsUrl)));
    await Promise.all(clients.map((client, index) => client.join('race', `P${index}`)));
    const room = (await mediaDump(sfu)).rooms.find((entry) => entry.roomId === 'race');
    expect(room?.routers).toHaveLength(1);
    expect(room?.peers).toBe(6);
    await Promise.all(clients.map((client) => client.close()));
  });

  it('lets a peer whose socket dropped resume as the same peer within the grace period', async () => {
    const ann = await SignalProbe.connect(sfu.wsUrl);
    const watcher = await SignalProbe.connect(sfu.wsUrl);
    const { peerId, resumeToken } = await ann.join('resume-room', 'Ann');
    await watcher.join('resume-room', 'Watcher');
    const { transportId } = await ann.request('createTransport', { direction: 'send' });
    ann.socket.terminate();
    await watcher.waitForNotification(
      'peerStateChanged',
      (data) => data.peerId === peerId && data.state === 'reconnecting',
    );

    const again = await SignalProbe.connect(sfu.wsUrl);
    const wrong = await again.requestError('resume', {
      protocolVersion: PROTOCOL_VERSION,
      peerId,
      resumeToken: 'guess',
    });
    expect(wrong.code).toBe('RESUME_FAILED');
    const resumed = await again.request('resume', { protocolVersion: PROTOCOL_VERSION, peerId, resumeToken });
    expect(resumed.peers.map((peer) => peer.displayName)).toEqual(['Watcher']);
    await watcher.waitForNotification(
      'peerStateChanged',
      (data) => data.peerId === peerId && data.state === 'connected',
    );
    const { iceParameters } = await again.request('restartIce', { transportId });
    expect(iceParameters.usernameFragment).toBeTruthy();
    expect(watcher.notifications.filter((entry) => entry.name === 'peerLeft')).toEqual([]);
    expect(watcher.notifications.filter((entry) => entry.name === 'peerJoined')).toEqual([]);
    await Promise.all([again.close(), watcher.close()]);
  });

  it('closes the transports of a peer that does not come back within the grace period', async () => {
    const ghost = await SignalProbe.connect(sfu.wsUrl);
    const watcher = await SignalProbe.connect(sfu.wsUrl);
    const { peerId } = await ghost.join('ghost-room', 'Ghost');
    await watcher.join('ghost-room', 'Watcher');
    const send = await ghost.request('createTransport', { direction: 'send' });
    const recv = await ghost.request('createTransport', { direction: 'recv' });
    ghost.socket.terminate();
    await watcher.waitForNotification('peerLeft', (data) => data.peerId === peerId, 5_000);
    const dump = await mediaDump(sfu);
    const transports = dump.rooms.flatMap((room) => room.routers.flatMap((router) => router.dump.transportIds));
    expect(transports).not.toContain(send.transportId);
    expect(transports).not.toContain(recv.transportId);
    await watcher.close();
  });

  it('drops a silent socket through the heartbeat', async () => {
    const silent = await SignalProbe.connect(sfu.wsUrl);
    const watcher = await SignalProbe.connect(sfu.wsUrl);
    const { peerId } = await silent.join('heartbeat-room', 'Silent');
    await watcher.join('heartbeat-room', 'Watcher');
    // Stop reading (so no pong answers a ping) without closing: the server must notice within two heartbeats.
    silent.socket.pause();
    await watcher.waitForNotification(
      'peerStateChanged',
      (data) => data.peerId === peerId && data.state === 'reconnecting',
      5_000,
    );
    await watcher.close();
  });

  it('leaves no router, transport or consumer behind once everyone has left and the room closed', async () => {
    const clients = await Promise.all(Array.from({ length: 3 }, () => SignalProbe.connect(sfu.wsUrl)));
    for (const [index, client] of clients.entries()) {
      await client.join('cleanup-room', `C${index}`);
      await client.request('createTransport', { direction: 'send' });
      await client.request('createTransport', { direction: 'recv' });
    }
    for (const client of clients) await client.request('leave', {});
    await eventually(async () => {
      const dump = await mediaDump(sfu);
      expect(dump.rooms.find((room) => room.roomId === 'cleanup-room')).toBeUndefined();
    });
    await Promise.all(clients.map((client) => client.close()));
    await expectNoMediaLeft(sfu);
  });

  it('keeps an empty room for its grace period, so a returning peer finds the same router', async () => {
    const first = await SignalProbe.connect(sfu.wsUrl);
    await first.join('grace-room', 'First');
    const before = (await mediaDump(sfu)).rooms.find((room) => room.roomId === 'grace-room');
    await first.request('leave', {});
    await first.join('grace-room', 'First again');
    const after = (await mediaDump(sfu)).rooms.find((room) => room.roomId === 'grace-room');
    expect(after?.routers.map((router) => router.dump)).toHaveLength(1);
    expect(before?.routers[0]?.worker).toBe(after?.routers[0]?.worker);
    await first.close();
  });

  it('refuses to join a full room', async () => {
    const small = await startSfu({ env: { HUDDLE_MAX_PEERS: '1' } });
    const one = await SignalProbe.connect(small.wsUrl);
    const two = await SignalProbe.connect(small.wsUrl);
    await one.join('tiny', 'One');
    const error = await two.join('tiny', 'Two').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(SignalError);
    expect(isSignalError(error) && error.code).toBe('ROOM_FULL');
    await Promise.all([one.close(), two.close()]);
    await small.stop();
  });
});

describe('worker death', () => {
  let sfu: LocalSfu;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 2 });
  });
  afterAll(async () => {
    await sfu?.stop();
  });

  it('respawns a killed worker, tells its rooms to rejoin, and lets them rejoin', async () => {
    const ann = await SignalProbe.connect(sfu.wsUrl);
    const bob = await SignalProbe.connect(sfu.wsUrl);
    await ann.join('doomed', 'Ann');
    await bob.join('doomed', 'Bob');
    const dump = await mediaDump(sfu);
    const workerIndex = dump.rooms.find((room) => room.roomId === 'doomed')?.routers[0]?.worker;
    const victim = dump.workers.find((worker) => worker.index === workerIndex);
    expect(victim).toBeDefined();
    process.kill(victim?.pid ?? 0, 'SIGKILL');

    for (const client of [ann, bob]) {
      const closed = await client.waitForNotification('roomClosed');
      expect(closed).toEqual({ reason: 'workerDied', rejoin: true });
    }
    expect(sfu.child.exitCode).toBeNull();
    await eventually(async () => {
      const health = await sfu.health();
      expect(health.workers).toEqual({ count: 2, alive: 2 });
      const pids = (await mediaDump(sfu)).workers.map((worker) => worker.pid);
      expect(pids).not.toContain(victim?.pid);
    });
    const rejoined = await ann.join('doomed', 'Ann');
    expect(rejoined.peers).toEqual([]);
    await bob.join('doomed', 'Bob');
    const { transportId } = await bob.request('createTransport', { direction: 'recv' });
    expect(transportId).toBeTruthy();
    await Promise.all([ann.close(), bob.close()]);
  });
});
