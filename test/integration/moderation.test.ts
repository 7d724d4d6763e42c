import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  banListResponseSchema,
  mintTokenResponseSchema,
  type Grants,
  type RtpParameters,
} from '@huddle/shared';
import { SignalProbe, startSfu, type LocalSfu } from '@huddle/testkit';
import { produceFake } from '../support/fakeMedia.js';

describe('moderation that holds, session takeover, failures made visible', () => {
  let sfu: LocalSfu;

  beforeAll(async () => {
    sfu = await startSfu({ env: { HUDDLE_RECONNECT_GRACE_MS: '5000' } });
  });
  afterAll(async () => {
    await sfu.stop();
  });

  async function token(room: string, identity: string, grants: Partial<Grants> = {}): Promise<string> {
    const minted = await sfu.admin.post(`/rooms/${room}/tokens`, { identity, name: identity.toUpperCase(), grants });
    return mintTokenResponseSchema.parse(minted).token;
  }

  async function joined(room: string, name: string, joinToken?: string) {
    const client = await SignalProbe.connect(sfu.wsUrl);
    const reply = await client.join(room, name, joinToken);
    return { client, ...reply };
  }

  it('a host mute cannot be undone by its owner until a moderator allows it', async () => {
    const host = await joined('muting', 'Host', await token('muting', 'host', { moderate: true }));
    const guest = await joined('muting', 'Guest');
    const { producerId } = await produceFake(guest.client, 'mic');
    await host.client.request('muteParticipant', { peerId: guest.peerId, source: 'mic' });
    expect(await guest.client.waitForNotification('mutedByHost')).toEqual({ source: 'mic' });
    expect((await guest.client.requestError('resumeProducer', { producerId })).code).toBe('MUTED_BY_HOST');

    await guest.client.request('requestUnmute', { source: 'mic' });
    expect(await host.client.waitForNotification('unmuteRequested')).toEqual({ peerId: guest.peerId, source: 'mic' });
    expect((await guest.client.requestError('requestUnmute', { source: 'camera' })).code).toBe('CONFLICT');
    expect((await guest.client.requestError('allowUnmute', { peerId: guest.peerId, source: 'mic' })).code).toBe(
      'FORBIDDEN',
    );

    await host.client.request('allowUnmute', { peerId: guest.peerId, source: 'mic' });
    expect(await guest.client.waitForNotification('unmuteAllowed')).toEqual({ source: 'mic' });
    await guest.client.request('resumeProducer', { producerId });
    await host.client.waitForNotification('producerResumed', (data) => data.producerId === producerId);

    // The same holds for an admin's mute over REST, and its allow-unmute route.
    await sfu.admin.post(`/rooms/muting/participants/${guest.peerId}/mute`, { source: 'mic' });
    expect((await guest.client.requestError('resumeProducer', { producerId })).code).toBe('MUTED_BY_HOST');
    await sfu.admin.post(`/rooms/muting/participants/${guest.peerId}/allow-unmute`, { source: 'mic' });
    await guest.client.request('resumeProducer', { producerId });
    await Promise.all([host.client.close(), guest.client.close()]);
  });

  it('a kick bans the token identity until a moderator lifts it; an anonymous guest may come back', async () => {
    const host = await joined('banning', 'Host', await token('banning', 'host', { moderate: true }));
    const guestToken = await token('banning', 'guest');
    const guest = await joined('banning', 'Guest', guestToken);
    await host.client.request('kickParticipant', { peerId: guest.peerId, reason: 'rude' });
    expect(await guest.client.waitForNotification('kicked')).toEqual({ reason: 'rude' });
    const again = await SignalProbe.connect(sfu.wsUrl);
    const refused = await again.requestError('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomId: 'banning',
      displayName: 'Guest',
      token: guestToken,
    });
    expect(refused.code).toBe('BANNED');
    const bans = banListResponseSchema.parse(await sfu.admin.get('/rooms/banning/bans'));
    expect(bans.bans.map((ban) => ban.identity)).toEqual(['guest']);

    const anonymous = await joined('banning', 'Anon');
    await host.client.request('kickParticipant', { peerId: anonymous.peerId });
    await anonymous.client.waitForNotification('kicked');
    const back = await joined('banning', 'Anon');
    expect(back.peerId).not.toBe(anonymous.peerId);

    await host.client.request('liftBan', { identity: 'guest' });
    expect(banListResponseSchema.parse(await sfu.admin.get('/rooms/banning/bans')).bans).toEqual([]);
    await again.join('banning', 'Guest', guestToken);
    await Promise.all([host, guest, anonymous, back].map(({ client }) => client.close()));
    await again.close();
  });

  it('a resume from a new socket takes the session over: the old socket is told and closed, the token rotates', async () => {
    const first = await joined('takeover', 'Ann');
    await produceFake(first.client, 'mic');
    const closed = new Promise<number>((resolve) => first.client.socket.once('close', (code) => resolve(code)));
    const second = await SignalProbe.connect(sfu.wsUrl);
    const resumed = await second.request('resume', {
      protocolVersion: PROTOCOL_VERSION,
      peerId: first.peerId,
      resumeToken: first.resumeToken,
    });
    expect(resumed.resumeToken).not.toBe(first.resumeToken);
    expect(resumed.self).toMatchObject({
      role: 'moderator',
      producers: [{ source: 'mic', paused: false }],
      hostMuted: [],
    });
    expect(await first.client.waitForNotification('sessionReplaced')).toEqual({});
    expect(await closed).toBe(CLOSE_CODES.sessionReplaced);
    await second.request('ping', {});

    const stale = await SignalProbe.connect(sfu.wsUrl);
    const refused = await stale.requestError('resume', {
      protocolVersion: PROTOCOL_VERSION,
      peerId: first.peerId,
      resumeToken: first.resumeToken,
    });
    expect(refused.code).toBe('RESUME_FAILED');
    await stale.request('resume', {
      protocolVersion: PROTOCOL_VERSION,
      peerId: first.peerId,
      resumeToken: resumed.resumeToken,
    });
    await Promise.all([second.close(), stale.close()]);
  });

  it('refuses RTP capabilities that receive nothing the room sends, and reports a consumer it cannot make', async () => {
    const sender = await joined('codecs', 'Sender');
    const receiver = await joined('codecs', 'Receiver');
    const opus = receiver.routerRtpCapabilities.codecs?.filter((codec) => codec.mimeType === 'audio/opus') ?? [];
    const vp8 = receiver.routerRtpCapabilities.codecs?.filter((codec) => codec.mimeType === 'video/VP8') ?? [];
    const audioOnly = await receiver.client.requestError('setRtpCapabilities', { rtpCapabilities: { codecs: opus } });
    expect(audioOnly.code).toBe('INVALID_PARAMS');
    expect(audioOnly.message).toContain('no video codec');
    await receiver.client.request('setRtpCapabilities', { rtpCapabilities: { codecs: [...opus, ...vp8] } });
    await receiver.client.request('createTransport', { direction: 'recv' });

    const { transportId } = await sender.client.request('createTransport', { direction: 'send' });
    const h264: RtpParameters = {
      codecs: [
        {
          mimeType: 'video/H264',
          payloadType: 102,
          clockRate: 90000,
          parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
          rtcpFeedback: [],
        },
      ],
      headerExtensions: [],
      encodings: [{ ssrc: 4242 }],
      rtcp: { cname: 'h264', reducedSize: true },
    };
    const { producerId } = await sender.client.request('produce', {
      transportId,
      kind: 'video',
      source: 'camera',
      rtpParameters: h264,
    });
    const failed = await receiver.client.waitForNotification('consumeFailed');
    expect(failed).toMatchObject({ producerId, peerId: sender.peerId, code: 'CANNOT_CONSUME' });
    await receiver.client.request('consume', { producerId });
    await expect
      .poll(() => receiver.client.notifications.filter((entry) => entry.name === 'consumeFailed').length)
      .toBe(2);

    const mic = await produceFake(sender.client, 'mic', transportId);
    await receiver.client.waitForNotification('consumerCreated', (data) => data.producerId === mic.producerId);
    await receiver.client.request('consume', { producerId: mic.producerId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const created = receiver.client.notifications.filter((entry) => entry.name === 'consumerCreated');
    expect(created).toHaveLength(1);
    expect((await receiver.client.requestError('consume', { producerId: 'nope' })).code).toBe('NOT_FOUND');
    await Promise.all([sender.client.close(), receiver.client.close()]);
  });

  it('display names and token names reject control, bidi and zero-width characters', async () => {
    const client = await SignalProbe.connect(sfu.wsUrl);
    for (const displayName of ['Eve\u202egnp.exe', 'Zero\u200bWidth', 'Bell\u0007', 'Iso\u2066late']) {
      const error = await client.requestError('join', {
        protocolVersion: PROTOCOL_VERSION,
        roomId: 'names',
        displayName,
      });
      expect([displayName, error.code]).toEqual([displayName, 'INVALID_PARAMS']);
    }
    const minted = await sfu.admin.call('POST', '/rooms/names/tokens', { identity: 'eve', name: 'Eve\u202egnp.exe' });
    expect(minted.status).toBe(400);
    await client.join('names', 'Zoë 👩‍💻 Ünal');
    await client.close();
  });

  it('keeps the raw socket of a kicked peer from driving anything', async () => {
    const host = await joined('kicks', 'Host', await token('kicks', 'host2', { moderate: true }));
    const guest = await joined('kicks', 'Guest');
    await host.client.request('kickParticipant', { peerId: guest.peerId });
    await guest.client.waitForNotification('kicked');
    expect((await guest.client.requestError('createTransport', { direction: 'send' })).code).toBe('NOT_JOINED');
    expect(guest.client.socket.readyState).toBe(WebSocket.OPEN);
    await Promise.all([host.client.close(), guest.client.close()]);
  });
});
