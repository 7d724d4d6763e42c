import { describe, expect, it } from 'vitest';
import { Store } from '../store/store.js';
import { ChatLog } from './chatLog.js';

const ann = { id: 'ann', displayName: 'Ann' };
const bob = { id: 'bob', displayName: 'Bob' };

function newLog(room = 'room'): ChatLog {
  return new ChatLog(room, Store.open(':memory:').chat);
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

  it("continues a room's sequence from the stored history", () => {
    const store = Store.open(':memory:');
    const first = new ChatLog('r', store.chat);
    first.add(ann, 'before restart', undefined);
    first.add(ann, 'private', 'bob');
    const again = new ChatLog('r', store.chat);
    expect(again.add(bob, 'after restart', undefined).seq).toBe(2);
    expect(again.history('cat', undefined, 10).messages.map((message) => message.text)).toEqual([
      'before restart',
      'after restart',
    ]);
    expect(new ChatLog('other', store.chat).history('cat', undefined, 10).messages).toEqual([]);
  });
});
