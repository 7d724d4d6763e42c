import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { Store } from './store.js';

describe('Store', () => {
  it('migrates a new file to the latest version, in WAL mode, and reopens it as it was', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'huddle-store-')), 'nested', 'huddle.db');
    const store = Store.open(path);
    store.rooms.create({
      slug: 'r',
      maxParticipants: null,
      locked: true,
      lobby: false,
      chat: true,
      recordingReady: false,
    });
    store.audit.record({ actor: 'admin:a', action: 'room.create', target: 'r', details: { locked: true } });
    store.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const again = Store.open(path);
    expect(again.rooms.get('r')).toMatchObject({ slug: 'r', title: 'r', locked: true });
    expect(again.audit.list(undefined, 10).entries).toMatchObject([
      { action: 'room.create', details: { locked: true } },
    ]);
    expect(again.rooms.update('r', { title: 'Renamed', maxParticipants: 3 })).toMatchObject({
      title: 'Renamed',
      maxParticipants: 3,
    });
    expect(
      again.rooms.create({
        slug: 'r',
        maxParticipants: null,
        locked: false,
        lobby: false,
        chat: true,
        recordingReady: false,
      }),
    ).toBeUndefined();
    expect(again.rooms.delete('r')).toBe(true);
    expect(again.rooms.list()).toEqual([]);
    again.close();
  });

  it('refuses a database from a newer Huddle', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'huddle-store-')), 'huddle.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => Store.open(path)).toThrow(/newer than this server knows/);
  });
});

describe('retention', () => {
  const message = (seq: number, sentAt: number) => ({
    messageId: `m${seq}`,
    seq,
    fromPeerId: 'p',
    fromName: 'P',
    text: `t${seq}`,
    sentAt,
  });

  it('prunes chat by age and by count per scope, and forgets bans that ran out', () => {
    const store = Store.open(':memory:');
    const kept = { roomSlug: 'kept', callId: '' };
    const call = { roomSlug: 'adhoc', callId: 'c1' };
    for (let seq = 0; seq < 5; seq += 1) store.chat.append(kept, message(seq, 1_000 + seq));
    for (let seq = 0; seq < 5; seq += 1) store.chat.append(call, message(10 + seq, 5_000 + seq));
    expect(store.chat.prune({ olderThan: 1_002, keepPerRoom: undefined })).toBe(2);
    expect(store.chat.history(kept, { limit: 10 }).messages.map((entry) => entry.seq)).toEqual([2, 3, 4]);
    expect(store.chat.prune({ olderThan: undefined, keepPerRoom: 2 })).toBe(4);
    expect(store.chat.history(kept, { limit: 10 }).messages.map((entry) => entry.seq)).toEqual([3, 4]);
    expect(store.chat.history(call, { limit: 10 }).messages.map((entry) => entry.seq)).toEqual([13, 14]);

    store.bans.ban('kept', 'eve', 2_000);
    store.bans.ban('kept', 'mallory', 9_000);
    expect(store.bans.isBanned('kept', 'eve', 1_500)).toBe(true);
    expect(store.bans.prune(3_000)).toBe(1);
    expect(store.bans.list('kept', 3_000).map((ban) => ban.identity)).toEqual(['mallory']);
  });
});
