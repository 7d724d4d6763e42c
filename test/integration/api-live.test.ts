import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Method,
  type RequestData,
  auditResponseSchema,
  lobbyResponseSchema,
  mintTokenResponseSchema,
  participantListResponseSchema,
  PROTOCOL_VERSION,
  type Grants,
} from '@huddle/shared';
import { call, startAdminSfu } from '../support/api.js';
import { produceFake } from '../support/fakeMedia.js';
import { SignalProbe, type LocalSfu } from '@huddle/testkit';

describe('REST + signaling: live rooms, tokens, grants and the lobby', () => {
  let sfu: LocalSfu;
  let admin: string;

  beforeAll(async () => {
    ({ sfu, admin } = await startAdminSfu());
  });
  afterAll(() => sfu?.stop());

  async function createRoom(slug: string, settings: Record<string, unknown> = {}): Promise<void> {
    const reply = await call(sfu, 'POST', '/rooms', { bearer: admin, body: { slug, ...settings } });
    expect(reply.status).toBe(201);
  }

  async function token(room: string, identity: string, grants: Partial<Grants> = {}): Promise<string> {
    const reply = await call(sfu, 'POST', `/rooms/${room}/tokens`, {
      bearer: admin,
      body: { identity, name: identity.toUpperCase(), grants },
    });
    return mintTokenResponseSchema.parse(reply.body).token;
  }

  async function joined(
    room: string,
    name: string,
    joinToken?: string,
  ): Promise<{ client: SignalProbe; peerId: string }> {
    const client = await SignalProbe.connect(sfu.wsUrl);
    const { peerId } = await client.join(room, name, joinToken);
    return { client, peerId };
  }

  it('lists participants with their producers, mutes one server-side and kicks another', async () => {
    await createRoom('live');
    const ann = await joined('live', 'Ann');
    const bob = await joined('live', 'Bob');
    await ann.client.waitForNotification('peerJoined', (data) => data.peer.peerId === bob.peerId);
    const { producerId, transportId } = await produceFake(bob.client, 'mic');
    await produceFake(bob.client, 'camera', transportId);

    const list = participantListResponseSchema.parse(
      (await call(sfu, 'GET', '/rooms/live/participants', { bearer: admin })).body,
    );
    const bobView = list.participants.find((participant) => participant.peerId === bob.peerId);
    expect(bobView).toMatchObject({ displayName: 'Bob', identity: null, role: 'participant', state: 'connected' });
    expect(bobView?.producers.map((producer) => [producer.kind, producer.source, producer.paused])).toEqual([
      ['audio', 'mic', false],
      ['video', 'camera', false],
    ]);
    expect(bobView?.producers[0]?.bitrate).toBe(0);

    const mute = await call(sfu, 'POST', `/rooms/live/participants/${bob.peerId}/mute`, {
      bearer: admin,
      body: { source: 'mic' },
    });
    expect(mute.status).toBe(204);
    expect(await bob.client.waitForNotification('mutedByHost')).toEqual({ source: 'mic' });
    await ann.client.waitForNotification('producerPaused', (data) => data.producerId === producerId);
    const badMute = await call(sfu, 'POST', `/rooms/live/participants/${bob.peerId}/mute`, {
      bearer: admin,
      body: { source: 'screen' },
    });
    expect(badMute.status).toBe(404);
    expect(
      (await call(sfu, 'POST', `/rooms/live/participants/${bob.peerId}/mute`, { bearer: admin, body: { source: 'x' } }))
        .status,
    ).toBe(400);

    const kick = await call(sfu, 'POST', `/rooms/live/participants/${bob.peerId}/kick`, {
      bearer: admin,
      body: { reason: 'spamming' },
    });
    expect(kick.status).toBe(204);
    expect(await bob.client.waitForNotification('kicked')).toEqual({ reason: 'spamming' });
    await ann.client.waitForNotification('peerLeft', (data) => data.peerId === bob.peerId);
    expect((await bob.client.requestError('sendChat', { text: 'still here?' })).code).toBe('NOT_JOINED');
    expect(
      (await call(sfu, 'POST', `/rooms/live/participants/${bob.peerId}/kick`, { bearer: admin, body: {} })).status,
    ).toBe(404);
    expect((await call(sfu, 'GET', '/rooms/nowhere/participants', { bearer: admin })).status).toBe(404);
    await Promise.all([ann.client.close(), bob.client.close()]);
  });

  it('refuses anonymous joins of a locked room with ROOM_LOCKED and admits token holders', async () => {
    await createRoom('locked', { locked: true });
    const anonymous = await SignalProbe.connect(sfu.wsUrl);
    const refused = await anonymous.requestError('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomId: 'locked',
      displayName: 'Eve',
    });
    expect(refused.code).toBe('ROOM_LOCKED');
    const forged = await anonymous.requestError('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomId: 'locked',
      displayName: 'Eve',
      token: 'a.b.c',
    });
    expect(forged.code).toBe('UNAUTHORIZED');
    const otherRoom = await anonymous.requestError('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomId: 'locked',
      displayName: 'Eve',
      token: await token('elsewhere', 'eve'),
    });
    expect(otherRoom.code).toBe('FORBIDDEN');

    const ann = await SignalProbe.connect(sfu.wsUrl);
    const reply = await ann.join('locked', 'ignored', await token('locked', 'ann'));
    expect(reply.role).toBe('participant');
    expect(reply.grants).toEqual({
      publish: true,
      subscribe: true,
      screen: true,
      chat: true,
      moderate: false,
      record: false,
    });
    const list = participantListResponseSchema.parse(
      (await call(sfu, 'GET', '/rooms/locked/participants', { bearer: admin })).body,
    );
    expect(list.participants).toMatchObject([{ displayName: 'ANN', identity: 'ann' }]);
    await Promise.all([anonymous.close(), ann.close()]);
  });

  it('enforces each grant on the signaling requests it governs', async () => {
    await createRoom('grants', { locked: true });
    const viewer = await joined(
      'grants',
      'v',
      await token('grants', 'viewer', { publish: false, screen: false, chat: false }),
    );
    const forbidden = async <M extends Method>(method: M, data: RequestData<M>): Promise<string> => {
      const error = await viewer.client.requestError(method, data);
      expect(error.code).toBe('FORBIDDEN');
      return error.message;
    };
    expect(await forbidden('createTransport', { direction: 'send' })).toMatch(/"publish" or "screen" grant/);
    expect(await forbidden('sendChat', { text: 'hi' })).toMatch(/"chat" grant/);
    expect(await forbidden('kickParticipant', { peerId: viewer.peerId })).toMatch(/"moderate" grant/);
    await viewer.client.request('createTransport', { direction: 'recv' });

    const presenter = await joined(
      'grants',
      'p',
      await token('grants', 'presenter', { publish: false, subscribe: false }),
    );
    const { transportId } = await produceFake(presenter.client, 'screen');
    const mic = await presenter.client.requestError('produce', {
      transportId,
      kind: 'audio',
      source: 'mic',
      rtpParameters: { codecs: [], encodings: [], headerExtensions: [], rtcp: {} },
    });
    expect(mic).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/"publish" grant/) });
    const recv = await presenter.client.requestError('createTransport', { direction: 'recv' });
    expect(recv).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/"subscribe" grant/) });

    const speaker = await joined('grants', 's', await token('grants', 'speaker', { screen: false }));
    const sent = await produceFake(speaker.client, 'camera');
    const screen = await speaker.client.requestError('produce', {
      transportId: sent.transportId,
      kind: 'video',
      source: 'screen',
      rtpParameters: { codecs: [], encodings: [], headerExtensions: [], rtcp: {} },
    });
    expect(screen).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/"screen" grant/) });
    await Promise.all([viewer, presenter, speaker].map(({ client }) => client.close()));
  });

  it('lets moderators (by token) kick, mute and lower hands over signaling; others may not', async () => {
    await createRoom('moderated', { locked: true, chat: false });
    const host = await joined('moderated', 'h', await token('moderated', 'host', { moderate: true }));
    const guest = await joined('moderated', 'g', await token('moderated', 'guest'));
    const other = await joined('moderated', 'o', await token('moderated', 'other'));
    expect((await guest.client.requestError('sendChat', { text: 'hello' })).message).toBe(
      'chat is turned off in this room',
    );
    expect((await guest.client.requestError('muteParticipant', { peerId: other.peerId, source: 'mic' })).code).toBe(
      'FORBIDDEN',
    );
    await produceFake(guest.client, 'mic');
    await host.client.request('muteParticipant', { peerId: guest.peerId, source: 'mic' });
    expect(await guest.client.waitForNotification('mutedByHost')).toEqual({ source: 'mic' });
    await guest.client.request('setHandRaised', { raised: true });
    await host.client.request('setHandRaised', { raised: false, peerId: guest.peerId });
    await host.client.request('kickParticipant', { peerId: guest.peerId, reason: 'time is up' });
    expect(await guest.client.waitForNotification('kicked')).toEqual({ reason: 'time is up' });
    const log = auditResponseSchema.parse((await call(sfu, 'GET', '/audit?limit=2', { bearer: admin })).body);
    expect(log.entries.map((entry) => [entry.actor, entry.action, entry.target])).toEqual([
      ['peer:host', 'participant.kick', 'moderated'],
      ['peer:host', 'participant.mute', 'moderated'],
    ]);
    await Promise.all([host, guest, other].map(({ client }) => client.close()));
  });

  it('holds joiners in the lobby until a moderator or an admin admits or denies them', async () => {
    await createRoom('lobby', { lobby: true });
    const host = await joined('lobby', 'h', await token('lobby', 'host', { moderate: true }));

    const ann = await SignalProbe.connect(sfu.wsUrl);
    const annJoin = ann.join('lobby', 'Ann');
    const { lobbyId } = await ann.waitForNotification('lobbyWaiting');
    const seen = await host.client.waitForNotification('lobbyChanged', (data) => data.waiting.length === 1);
    expect(seen.waiting).toEqual([{ lobbyId, displayName: 'Ann', identity: null, requestedAt: expect.any(Number) }]);
    expect((await ann.requestError('sendChat', { text: 'let me in' })).code).toBe('NOT_JOINED');
    await host.client.request('admitFromLobby', { lobbyId });
    const admitted = await annJoin;
    expect(admitted.peers.map((peer) => peer.displayName)).toEqual(['HOST']);
    await host.client.waitForNotification('lobbyChanged', (data) => data.waiting.length === 0);

    const bob = await SignalProbe.connect(sfu.wsUrl);
    const bobJoin = bob
      .request('join', { protocolVersion: PROTOCOL_VERSION, roomId: 'lobby', displayName: 'Bob' })
      .catch((error: unknown) => error);
    await bob.waitForNotification('lobbyWaiting');
    const waiting = lobbyResponseSchema.parse((await call(sfu, 'GET', '/rooms/lobby/lobby', { bearer: admin })).body);
    expect(waiting.waiting.map((entry) => entry.displayName)).toEqual(['Bob']);
    const bobLobbyId = waiting.waiting[0]?.lobbyId ?? '';
    expect((await call(sfu, 'POST', `/rooms/lobby/lobby/${bobLobbyId}/deny`, { bearer: admin })).status).toBe(204);
    expect(await bobJoin).toMatchObject({ code: 'LOBBY_DENIED' });
    expect((await call(sfu, 'POST', `/rooms/lobby/lobby/${bobLobbyId}/admit`, { bearer: admin })).status).toBe(404);

    const cat = await SignalProbe.connect(sfu.wsUrl);
    const catJoin = cat.join('lobby', 'Cat');
    const catEntry = await cat.waitForNotification('lobbyWaiting');
    expect((await call(sfu, 'POST', `/rooms/lobby/lobby/${catEntry.lobbyId}/admit`, { bearer: admin })).status).toBe(
      204,
    );
    expect((await catJoin).role).toBe('participant');

    const dan = await SignalProbe.connect(sfu.wsUrl);
    void dan.join('lobby', 'Dan').catch(() => undefined);
    await host.client.waitForNotification('lobbyChanged', (data) =>
      data.waiting.some((entry) => entry.displayName === 'Dan'),
    );
    await dan.close();
    await host.client.waitForNotification('lobbyChanged', (data) => data.waiting.length === 0);
    await Promise.all([host.client, ann, bob, cat].map((client) => client.close()));
  });

  it('caps a room at its maxParticipants', async () => {
    await createRoom('small', { maxParticipants: 1 });
    const ann = await joined('small', 'Ann');
    const bob = await SignalProbe.connect(sfu.wsUrl);
    expect(
      (await bob.requestError('join', { protocolVersion: PROTOCOL_VERSION, roomId: 'small', displayName: 'Bob' })).code,
    ).toBe('ROOM_FULL');
    await Promise.all([ann.client.close(), bob.close()]);
  });
});
