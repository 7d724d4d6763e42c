import { describe, expect, it } from 'vitest';
import { storedRoomChat } from '../store/chatStore.js';
import { Store } from '../store/store.js';
import { ChatLog } from './chatLog.js';

const ann = { id: 'ann', displayName: 'Ann' };
const bob = { id: 'bob', displayName: 'Bob' };

function newLog(room = 'room'): ChatLog {
  return new ChatLog(storedRoomChat(room), Store.open(':memory:').chat);
}

describe('ChatLog', () => {
  it('shows private messages only to their sender and recipient', () => {
    const log = newLog();
    log.add(ann, 'hello all', undefined);
    log.add(ann, 'psst bob', 'bob');
    expect(log.history('bob', undefined, 50).messages.map((message) => message.text)).toEqual([
      'hello all',
      'psst bob',
    ]);
    expect(log.history('ann', undefined, 50).messages).toHaveLength(2);
    expect(log.history('cat', undefined, 50).messages.map((message) => message.text)).toEqual(['hello all']);
  });

  it('pages backwards by sequence number', () => {
    const log = newLog();
    for (let index = 0; index < 5; index += 1) log.add(bob, `m${index}`, undefined);
    const latest = log.history('ann', undefined, 2);
    expect(latest).toMatchObject({ hasMore: true, messages: [{ text: 'm3' }, { text: 'm4' }] });
    const older = log.history('ann', latest.messages[0]?.seq, 10);
    expect(older.hasMore).toBe(false);
    expect(older.messages.map((message) => message.text)).toEqual(['m0', 'm1', 'm2']);
  });

  it("continues a stored room's sequence from its history", () => {
    const store = Store.open(':memory:');
    const first = new ChatLog(storedRoomChat('r'), store.chat);
    first.add(ann, 'before restart', undefined);
    first.add(ann, 'private', 'bob');
    const again = new ChatLog(storedRoomChat('r'), store.chat);
    expect(again.add(bob, 'after restart', undefined).seq).toBe(2);
    expect(again.history('cat', undefined, 10).messages.map((message) => message.text)).toEqual([
      'before restart',
      'after restart',
    ]);
    expect(new ChatLog(storedRoomChat('other'), store.chat).history('cat', undefined, 10).messages).toEqual([]);
  });

  it('keeps the calls of an ad hoc room apart, and clears a call', () => {
    const store = Store.open(':memory:');
    const monday = new ChatLog({ roomSlug: 'standup', callId: 'monday' }, store.chat);
    monday.add(ann, 'secret plan', undefined);
    const tuesday = new ChatLog({ roomSlug: 'standup', callId: 'tuesday' }, store.chat);
    expect(tuesday.history('bob', undefined, 10).messages).toEqual([]);
    expect(tuesday.add(bob, 'hi', undefined).seq).toBe(0);
    monday.clear();
    expect(monday.history('ann', undefined, 10).messages).toEqual([]);
    expect(tuesday.history('bob', undefined, 10).messages).toHaveLength(1);
  });
});
