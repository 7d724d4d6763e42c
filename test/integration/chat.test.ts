import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SignalProbe, startSfu, type LocalSfu } from '@huddle/testkit';
import { RawFrames } from '../support/rawFrames.js';

describe('chat, hands and reactions', () => {
  let sfu: LocalSfu;

  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterAll(async () => {
    await sfu?.stop();
  });

  async function joinAll(room: string, names: string[]): Promise<Array<{ client: SignalProbe; peerId: string }>> {
    const joined = [];
    for (const name of names) {
      const client = await SignalProbe.connect(sfu.wsUrl);
      const { peerId } = await client.join(room, name);
      joined.push({ client, peerId });
    }
    return joined;
  }

  it('delivers public messages to everyone and private ones only to the two people concerned', async () => {
    const [ann, bob, cat] = await joinAll('chat-room', ['Ann', 'Bob', 'Cat']);
    if (!ann || !bob || !cat) throw new Error('join failed');
    const { message } = await ann.client.request('sendChat', { text: '  hello everyone  ' });
    expect(message).toMatchObject({ fromPeerId: ann.peerId, fromName: 'Ann', text: 'hello everyone' });
    for (const { client } of [ann, bob, cat]) {
      await client.waitForNotification('chatReceived', (data) => data.message.messageId === message.messageId);
    }
    const secret = await ann.client.request('sendChat', { text: 'just for Bob', to: bob.peerId });
    await bob.client.waitForNotification('chatReceived', (data) => data.message.messageId === secret.message.messageId);
    await ann.client.waitForNotification('chatReceived', (data) => data.message.messageId === secret.message.messageId);
    await cat.client.request('sendChat', { text: 'sync point' });
    await cat.client.waitForNotification('chatReceived', (data) => data.message.text === 'sync point');
    const catSaw = cat.client.notifications.filter((entry) => entry.name === 'chatReceived');
    expect(catSaw).toHaveLength(2);

    const late = await SignalProbe.connect(sfu.wsUrl);
    await late.join('chat-room', 'Late');
    const history = await late.request('getChatHistory', { limit: 50 });
    expect(history.messages.map((entry) => entry.text)).toEqual(['hello everyone', 'sync point']);
    const bobHistory = await bob.client.request('getChatHistory', { limit: 50 });
    expect(bobHistory.messages.map((entry) => entry.text)).toEqual(['hello everyone', 'just for Bob', 'sync point']);
    await Promise.all([ann, bob, cat].map(({ client }) => client.close()).concat(late.close()));
  });

  it('refuses empty, oversized and misaddressed messages with clear errors', async () => {
    const [ann] = await joinAll('chat-limits', ['Ann']);
    if (!ann) throw new Error('join failed');
    // The client SDK refuses such text before sending, with the same wording; the server must refuse it too.
    const local = await ann.client.requestError('sendChat', { text: 'x'.repeat(2001) });
    const raw = await RawFrames.open(sfu.wsUrl);
    const tooLong = await raw.requestError('sendChat', { text: 'x'.repeat(2001) });
    for (const error of [local, tooLong]) {
      expect(error.code).toBe('INVALID_PARAMS');
      const details = z.array(z.object({ message: z.string() })).parse(error.details);
      expect(details[0]?.message).toBe('chat messages are limited to 2000 characters');
    }
    expect((await raw.requestError('sendChat', { text: '   ' })).code).toBe('INVALID_PARAMS');
    await raw.close();
    expect((await ann.client.requestError('sendChat', { text: 'hi', to: 'nobody' })).code).toBe('NOT_FOUND');
    await ann.client.close();
  });

  it('raises hands, lets only moderators lower others, and passes moderation on', async () => {
    const [ann, bob, cat] = await joinAll('hands', ['Ann', 'Bob', 'Cat']);
    if (!ann || !bob || !cat) throw new Error('join failed');
    await bob.client.request('setHandRaised', { raised: true });
    await ann.client.waitForNotification('handRaisedChanged', (data) => data.peerId === bob.peerId && data.raised);
    expect((await cat.client.requestError('setHandRaised', { raised: false, peerId: bob.peerId })).code).toBe(
      'FORBIDDEN',
    );
    await ann.client.request('setHandRaised', { raised: false, peerId: bob.peerId });
    const lowered = await cat.client.waitForNotification('handRaisedChanged', (data) => !data.raised);
    expect(lowered).toEqual({ peerId: bob.peerId, raised: false, byPeerId: ann.peerId });

    await bob.client.request('sendReaction', { reaction: '🎉' });
    await cat.client.waitForNotification(
      'reactionSent',
      (data) => data.peerId === bob.peerId && data.reaction === '🎉',
    );
    // The client SDK never sends a reaction outside the set (it validates first): a raw frame does.
    const raw = await RawFrames.open(sfu.wsUrl);
    expect((await raw.requestError('sendReaction', { reaction: '<script>' })).code).toBe('INVALID_PARAMS');
    await raw.close();

    await ann.client.request('leave', {});
    const promoted = await cat.client.waitForNotification('peerRoleChanged');
    expect(promoted).toEqual({ peerId: bob.peerId, role: 'moderator' });
    await bob.client.request('setHandRaised', { raised: true, peerId: bob.peerId });
    await bob.client.request('setHandRaised', { raised: false, peerId: bob.peerId });
    await Promise.all([ann, bob, cat].map(({ client }) => client.close()));
  });
});
