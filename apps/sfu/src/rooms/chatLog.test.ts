import { describe, expect, it } from 'vitest';
import { storedRoomChat } from '../store/chatStore.js';
import { Store } from '../store/store.js';
import { ChatLog } from './chatLog.js';

const ann = { id: 'ann', displayName: 'Ann' };
const bob = { id: 'bob', displayName: 'Bob' };

const texts = (page: { messages: Array<{ text: string }> }): string[] => page.messages.map((message) => message.text);

describe('ChatLog', () => {
  it('shows private messages only to their sender and recipient, and pages backwards', async () => {
    const log = new ChatLog(storedRoomChat('room'), Store.sqlite(':memory:').chat);
    await log.add(ann, 'hello all', undefined);
    await log.add(ann, 'psst bob', 'bob');
    expect(texts(await log.history('bob', undefined, 50))).toEqual(['hello all', 'psst bob']);
    expect(texts(await log.history('cat', undefined, 50))).toEqual(['hello all']);
    for (let index = 0; index < 3; index += 1) await log.add(bob, `m${index}`, undefined);
    const latest = await log.history('ann', undefined, 2);
    expect(latest).toMatchObject({ hasMore: true, messages: [{ text: 'm1' }, { text: 'm2' }] });
    expect(texts(await log.history('ann', latest.messages[0]?.seq, 10))).toEqual(['hello all', 'psst bob', 'm0']);
  });

  it("continues a stored room's sequence from its history", async () => {
    const store = Store.sqlite(':memory:');
    const first = new ChatLog(storedRoomChat('r'), store.chat);
    await first.add(ann, 'before restart', undefined);
    await first.add(ann, 'private', 'bob');
    const again = new ChatLog(storedRoomChat('r'), store.chat);
    expect((await again.add(bob, 'after restart', undefined)).seq).toBe(2);
    expect(texts(await again.history('cat', undefined, 10))).toEqual(['before restart', 'after restart']);
  });

  it('keeps the calls of an ad hoc room apart, and clears a call', async () => {
    const store = Store.sqlite(':memory:');
    const monday = new ChatLog({ roomSlug: 'standup', callId: 'monday' }, store.chat);
    await monday.add(ann, 'secret plan', undefined);
    const tuesday = new ChatLog({ roomSlug: 'standup', callId: 'tuesday' }, store.chat);
    expect((await tuesday.history('bob', undefined, 10)).messages).toEqual([]);
    expect((await tuesday.add(bob, 'hi', undefined)).seq).toBe(0);
    await monday.clear();
    expect((await monday.history('ann', undefined, 10)).messages).toEqual([]);
    expect((await tuesday.history('bob', undefined, 10)).messages).toHaveLength(1);
  });
});
