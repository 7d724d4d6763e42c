import { describe, expect, it } from 'vitest';
import { ChatLog } from './chatLog.js';

const ann = { id: 'ann', displayName: 'Ann' };
const bob = { id: 'bob', displayName: 'Bob' };

describe('ChatLog', () => {
  it('shows private messages only to their sender and recipient', () => {
    const log = new ChatLog();
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
    const log = new ChatLog();
    for (let index = 0; index < 5; index += 1) log.add(bob, `m${index}`, undefined);
    const latest = log.history('ann', undefined, 2);
    expect(latest).toMatchObject({ hasMore: true, messages: [{ text: 'm3' }, { text: 'm4' }] });
    const older = log.history('ann', latest.messages[0]?.seq, 10);
    expect(older.hasMore).toBe(false);
    expect(older.messages.map((message) => message.text)).toEqual(['m0', 'm1', 'm2']);
  });
});
