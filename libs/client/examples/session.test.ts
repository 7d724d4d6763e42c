import { RoomSession, type RemoteTrack } from '@huddle/client';
import { installNodeWebRtc, joinParticipant, startSfu, syntheticTrack, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import WebSocket from 'ws';

let sfu: LocalSfu;

beforeAll(async () => {
  sfu = await startSfu();
  // Node has no WebRTC, and Node 20 no WebSocket: libwebrtc for Node (via the test kit) and the `ws` package.
  installNodeWebRtc();
});

afterAll(async () => {
  await sfu.stop();
});

test('a session joins, receives a camera, chats, publishes and mutes a mic, and leaves', async () => {
  const alice = await joinParticipant(sfu.url, 'demo', { name: 'Alice', publish: ['camera'] });

  const session = new RoomSession({ url: sfu.wsUrl, signaling: { WebSocket }, handlerName: 'Chrome111' });
  const tracks: RemoteTrack[] = [];
  session.on('trackAdded', (track) => tracks.push(track));
  const said: string[] = [];
  session.notifications.on('chatReceived', ({ message }) => said.push(`${message.fromName}: ${message.text}`));

  await session.join('demo', 'Bob');
  expect(session.peers.map((peer) => peer.displayName)).toEqual(['Alice']);
  await vi.waitFor(() => expect(tracks.map((track) => track.source)).toEqual(['camera']), { timeout: 10_000 });

  await alice.sendChat('hi Bob');
  await vi.waitFor(() => expect(said).toEqual(['Alice: hi Bob']));

  // What we publish is one snapshot: per source the track, muted or not, and its producer on the server.
  const mic = syntheticTrack('audio');
  await session.publishMic(mic.track);
  await session.setMuted('mic', true);
  expect(session.publications.publications).toMatchObject([{ source: 'mic', paused: true }]);
  await alice.waitForNotification('producerPaused', (event) => event.source === 'mic');

  await session.leave();
  expect(session.state).toBe('closed');
  mic.stop();
  await alice.leave();
});
