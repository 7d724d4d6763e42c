import { afterAll, beforeAll, expect, test } from 'vitest';
import { joinParticipant, startSfu, type LocalSfu } from '@huddle/testkit';

let sfu: LocalSfu;

beforeAll(async () => {
  sfu = await startSfu();
});

afterAll(async () => {
  await sfu.stop();
});

test('a participant sees and hears another, and chats', async () => {
  const alice = await joinParticipant(sfu.url, 'standup', { name: 'Alice', publish: ['mic', 'camera'] });
  const bob = await joinParticipant(sfu.url, 'standup', { name: 'Bob', kind: 'lightweight' });

  const video = await bob.waitForMedia(alice, { kind: 'video', minBitrate: 100_000 });
  expect(video.lossRate).toBeLessThan(0.01);
  await bob.waitForMedia(alice, { kind: 'audio' });

  await bob.sendChat('can you hear me?');
  await alice.waitForChat('can you hear me?');

  await alice.setMuted('mic', true);
  await bob.waitForNotification('producerPaused', (event) => event.peerId === alice.peerId);

  await Promise.all([alice.leave(), bob.leave()]);
});
