import { RoomSession, type RemoteTrack } from '@huddle/client';
import { mintTokenResponseSchema, type Grants } from '@huddle/shared';
import { SignalProbe, installNodeWebRtc, startSfu, syntheticTrack, type LocalSfu } from '@huddle/testkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually } from '../support/eventually.js';

const started: LocalSfu[] = [];
const probes: SignalProbe[] = [];
const sessions: RoomSession[] = [];

beforeAll(() => {
  installNodeWebRtc();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.leave()));
  await Promise.all(probes.splice(0).map((probe) => probe.close()));
  await Promise.all(started.splice(0).map((sfu) => sfu.stop()));
});

async function sfuWith(env: Record<string, string> = {}): Promise<LocalSfu> {
  const sfu = await startSfu({ env });
  started.push(sfu);
  return sfu;
}

function session(sfu: LocalSfu): RoomSession {
  const made = new RoomSession({ url: sfu.wsUrl, signaling: { WebSocket }, handlerName: 'Chrome111' });
  sessions.push(made);
  return made;
}

async function probe(sfu: LocalSfu, room: string, name: string): Promise<SignalProbe> {
  const joined = await SignalProbe.connect(sfu.wsUrl);
  probes.push(joined);
  await joined.join(room, name);
  return joined;
}

describe('the client SDK in big rooms and webinars', () => {
  it('pages the rest of a big stage into its roster after the join', { timeout: 90_000 }, async () => {
    const sfu = await sfuWith({ HUDDLE_MAX_CONNECTIONS_PER_IP: '1000', HUDDLE_MAX_PEERS: '500' });
    for (let index = 0; index < 120; index += 1) await probe(sfu, 'crowd', `M${index}`);
    const late = session(sfu);
    const joined: string[] = [];
    late.on('peerJoined', (peer) => joined.push(peer.displayName));
    await late.join('crowd', 'Late');
    await eventually(() => expect(late.peers).toHaveLength(120));
    expect(new Set(joined).size).toBe(120);
    expect(late.mode).toBe('meeting');
    expect(late.viewers).toBe(0);
  });

  it(
    'a webinar: viewers are counted and listed for moderators, and one brought on stage publishes',
    { timeout: 90_000 },
    async () => {
      const sfu = await sfuWith();
      await sfu.admin.post('/rooms', { slug: 'talk', mode: 'webinar' });
      const mint = async (identity: string, grants: Partial<Grants>): Promise<string> =>
        mintTokenResponseSchema.parse(await sfu.admin.post('/rooms/talk/tokens', { identity, name: identity, grants }))
          .token;
      const host = session(sfu);
      await host.join('talk', 'Host', await mint('host', { moderate: true }));
      const counts: number[] = [];
      host.on('audienceChanged', (viewers) => counts.push(viewers));

      const viewer = session(sfu);
      await viewer.join('talk', 'Vera');
      await probe(sfu, 'talk', 'Walt');
      expect(viewer.mode).toBe('webinar');
      expect(viewer.self?.grants).toMatchObject({ publish: false, screen: false, subscribe: true });
      await eventually(() => expect(host.viewers).toBe(2));
      expect(counts.at(-1)).toBe(2);
      expect(host.peers).toEqual([]);
      expect((await host.listViewers()).map((peer) => peer.displayName).sort()).toEqual(['Vera', 'Walt']);
      await expect(viewer.listViewers()).rejects.toMatchObject({ code: 'FORBIDDEN' });

      const veraId = viewer.peerId;
      if (veraId === undefined) throw new Error('the viewer has no peer id');
      const received: RemoteTrack[] = [];
      host.on('trackAdded', (track) => received.push(track));
      expect(await host.setPermissions(veraId, { publish: true })).toMatchObject({ publish: true });
      await eventually(() => expect(viewer.self?.grants.publish).toBe(true));
      // It joined without a send transport: the SDK makes one now, and the camera goes out.
      const camera = syntheticTrack('video');
      try {
        await viewer.publishCamera(camera.track);
        await eventually(() =>
          expect(received.map((track) => `${track.peerId}:${track.source}`)).toContain(`${veraId}:camera`),
        );
        await eventually(() => expect(host.peers.map((peer) => peer.displayName)).toEqual(['Vera']));

        await host.setPermissions(veraId, { publish: false });
        await eventually(() => expect(viewer.publications.publications).toEqual([]));
        await eventually(() => expect(host.peers).toEqual([]));
        await eventually(() => expect(host.remoteTracks.filter((track) => track.peerId === veraId)).toEqual([]));
      } finally {
        camera.stop();
      }
    },
  );
});
