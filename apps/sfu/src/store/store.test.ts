import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '@huddle/services';
import { SQLITE_MIGRATIONS } from './backends/sqliteMigrations.js';
import { Store } from './store.js';

const room = { maxParticipants: null, locked: false, lobby: false, chat: true, recordingReady: false };
const message = (seq: number, sentAt: number, extra: { to?: string; fromPeerId?: string } = {}) => ({
  messageId: `m-${sentAt}-${seq}`,
  seq,
  fromPeerId: extra.fromPeerId ?? 'p',
  fromName: 'P',
  ...(extra.to === undefined ? {} : { to: extra.to }),
  text: `t${seq}`,
  sentAt,
});

/** The one suite every backend passes. Each test uses its own keys, so the backend's data may be shared. */
function storeSuite(name: string, open: () => Promise<Store>): void {
  describe(`Store on ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates, reads, changes and deletes rooms (with their chat and bans)', async () => {
      expect(await store.rooms.create({ slug: 'r1', ...room, locked: true }, 1_000)).toMatchObject({
        slug: 'r1',
        title: 'r1',
        locked: true,
        createdAt: 1_000,
      });
      expect(await store.rooms.create({ slug: 'r1', ...room })).toBeUndefined();
      expect(await store.rooms.update('r1', { title: 'Renamed', maxParticipants: 3 }, 2_000)).toMatchObject({
        title: 'Renamed',
        maxParticipants: 3,
        locked: true,
        updatedAt: 2_000,
      });
      expect(await store.rooms.update('r1', { maxParticipants: null })).toMatchObject({ maxParticipants: null });
      expect(await store.rooms.update('nope', { title: 'x' })).toBeUndefined();
      expect((await store.rooms.list()).map((entry) => entry.slug)).toContain('r1');
      await store.chat.append({ roomSlug: 'r1', callId: '' }, message(0, 1));
      await store.bans.ban('r1', 'eve', Date.now() + 60_000);
      expect(await store.rooms.delete('r1')).toBe(true);
      expect(await store.rooms.delete('r1')).toBe(false);
      expect(await store.rooms.get('r1')).toBeUndefined();
      expect((await store.chat.history({ roomSlug: 'r1', callId: '' }, { limit: 10 })).messages).toEqual([]);
      expect(await store.bans.isBanned('r1', 'eve')).toBe(false);
    });

    it('keeps chat per scope, shows private messages to their two ends, pages backwards', async () => {
      const scope = { roomSlug: 'chat-1', callId: '' };
      expect(await store.chat.nextSeq(scope)).toBe(0);
      await store.chat.append(scope, message(0, 10));
      await store.chat.append(scope, message(1, 11, { to: 'bob', fromPeerId: 'ann' }));
      for (let seq = 2; seq < 6; seq += 1) await store.chat.append(scope, message(seq, 10 + seq));
      expect(await store.chat.nextSeq(scope)).toBe(6);
      expect(await store.chat.nextSeq({ roomSlug: 'chat-1', callId: 'another-call' })).toBe(0);
      const cat = await store.chat.history(scope, { viewerPeerId: 'cat', limit: 10 });
      expect(cat.messages.map((entry) => entry.seq)).toEqual([0, 2, 3, 4, 5]);
      const bob = await store.chat.history(scope, { viewerPeerId: 'bob', limit: 10 });
      expect(bob.messages.find((entry) => entry.seq === 1)).toMatchObject({ to: 'bob', fromPeerId: 'ann' });
      const page = await store.chat.history(scope, { limit: 2 });
      expect(page).toMatchObject({ hasMore: true, messages: [{ seq: 4 }, { seq: 5 }] });
      const older = await store.chat.history(scope, { beforeSeq: 4, limit: 10 });
      expect(older.messages.map((entry) => entry.seq)).toEqual([0, 1, 2, 3]);
      expect(await store.chat.clear(scope)).toBe(6);
    });

    it('numbers messages written at once (as by several nodes) without gaps or duplicates', async () => {
      const scope = { roomSlug: 'chat-race', callId: 'c' };
      const written = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          store.chat.appendNext(scope, {
            messageId: `race-${index}`,
            fromPeerId: 'p',
            fromName: 'P',
            text: `${index}`,
            sentAt: 10_000 + index,
          }),
        ),
      );
      expect(written.map((message) => message.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, index) => index),
      );
      expect(await store.chat.clear(scope)).toBe(20);
    });

    it('prunes chat by age and by count per scope, and forgets bans that ran out', async () => {
      const kept = { roomSlug: 'prune-kept', callId: '' };
      const call = { roomSlug: 'prune-adhoc', callId: 'c1' };
      for (let seq = 0; seq < 5; seq += 1) await store.chat.append(kept, message(seq, 1_000 + seq));
      for (let seq = 0; seq < 5; seq += 1) await store.chat.append(call, message(seq, 5_000 + seq));
      expect(await store.chat.prune({ olderThan: 1_002, keepPerRoom: undefined })).toBe(2);
      expect((await store.chat.history(kept, { limit: 10 })).messages.map((entry) => entry.seq)).toEqual([2, 3, 4]);
      expect(await store.chat.prune({ olderThan: undefined, keepPerRoom: 2 })).toBe(4);
      expect((await store.chat.history(kept, { limit: 10 })).messages.map((entry) => entry.seq)).toEqual([3, 4]);
      expect((await store.chat.history(call, { limit: 10 })).messages.map((entry) => entry.seq)).toEqual([3, 4]);

      await store.bans.ban('prune-kept', 'eve', 2_000);
      await store.bans.ban('prune-kept', 'eve', 1_500);
      await store.bans.ban('prune-kept', 'mallory', 9_000);
      expect(await store.bans.isBanned('prune-kept', 'eve', 1_800)).toBe(true);
      expect(await store.bans.prune(3_000)).toBe(1);
      expect(await store.bans.list('prune-kept', 3_000)).toEqual([{ identity: 'mallory', expiresAt: 9_000 }]);
      expect(await store.bans.lift('prune-kept', 'mallory', 3_000)).toBe(true);
      expect(await store.bans.lift('prune-kept', 'mallory', 3_000)).toBe(false);
    });

    it('appends the audit log and pages it newest first, with JSON details', async () => {
      for (let index = 0; index < 3; index += 1) {
        await store.audit.record({ actor: 'admin:a', action: `audit.test.${index}`, target: 't', details: { index } });
      }
      const first = await store.audit.list(undefined, 2);
      expect(first.hasMore).toBe(true);
      expect(first.entries.map((entry) => entry.action)).toEqual(['audit.test.2', 'audit.test.1']);
      expect(first.entries[0]?.details).toEqual({ index: 2 });
      const next = await store.audit.list(first.entries[1]?.id, 10);
      expect(next.entries[0]?.action).toBe('audit.test.0');
    });

    it('keeps admin credentials, sessions, API keys and secrets', async () => {
      expect(await store.credentials.createAdmin('root', 'hash-1')).toBe(true);
      expect(await store.credentials.createAdmin('root', 'hash-2')).toBe(false);
      expect(await store.credentials.adminPasswordHash('root')).toBe('hash-1');
      await store.credentials.setAdminPasswordHash('root', 'hash-3');
      expect(await store.credentials.adminPasswordHash('root')).toBe('hash-3');

      await store.credentials.addSession('session-1', 'root', 5_000, 0);
      expect(await store.credentials.sessionUser('session-1', 4_000)).toBe('root');
      expect(await store.credentials.sessionUser('session-1', 6_000)).toBeUndefined();
      await store.credentials.deleteSession('session-1');
      expect(await store.credentials.sessionUser('session-1', 4_000)).toBeUndefined();

      const key = await store.credentials.addApiKey('k1', 'ci', 'secret-hash', 100);
      expect(key).toEqual({ id: 'k1', name: 'ci', createdAt: 100, lastUsedAt: null, revokedAt: null });
      await store.credentials.touchApiKey('k1', 200);
      expect((await store.credentials.listApiKeys()).find((entry) => entry.id === 'k1')?.lastUsedAt).toBe(200);
      expect(await store.credentials.activeApiKeyHash('k1')).toEqual({ name: 'ci', secretHash: 'secret-hash' });
      expect(await store.credentials.revokeApiKey('k1')).toBe(true);
      expect(await store.credentials.revokeApiKey('k1')).toBe(false);
      expect(await store.credentials.activeApiKeyHash('k1')).toBeUndefined();

      expect(await store.credentials.secret('first-wins', () => 'one')).toBe('one');
      expect(await store.credentials.secret('first-wins', () => 'two')).toBe('one');
    });

    it('leases outbox deliveries so two senders never claim one, and resumes them after the lease', async () => {
      for (let index = 0; index < 4; index += 1) {
        await store.outbox.add(
          { id: `d${index}`, eventId: `e${index}`, url: 'http://x', event: 'room.started', body: '{}' },
          1_000 + index,
        );
      }
      const [one, two] = await Promise.all([
        store.outbox.claimDue(2_000, 3, 60_000),
        store.outbox.claimDue(2_000, 3, 60_000),
      ]);
      const claimed = [...(one ?? []), ...(two ?? [])].map((delivery) => delivery.id).sort();
      expect(claimed).toEqual(['d0', 'd1', 'd2', 'd3']);
      expect(await store.outbox.claimDue(3_000, 10, 60_000)).toEqual([]);
      await store.outbox.retryAt('d0', 1, 4_000);
      await store.outbox.remove('d1');
      expect(await store.outbox.nextDueAt()).toBe(4_000);
      expect(
        (await store.outbox.claimDue(5_000, 10, 60_000)).map((delivery) => [delivery.id, delivery.attempts]),
      ).toEqual([['d0', 1]]);
      // A sender that died mid-delivery: its lease runs out and the delivery is due again.
      expect((await store.outbox.claimDue(70_000, 10, 60_000)).map((delivery) => delivery.id).sort()).toEqual([
        'd0',
        'd2',
        'd3',
      ]);
      for (const id of ['d0', 'd2', 'd3']) await store.outbox.remove(id);
      expect(await store.outbox.nextDueAt()).toBeUndefined();
    });

    it('keeps recordings with their tracks, pages them newest first, finds unfinished and expired ones', async () => {
      const node = `node-${name}`;
      for (let index = 0; index < 3; index += 1) {
        await store.recordings.create({
          id: `rec-${index}`,
          room: index === 2 ? 'rec-other' : 'rec-room',
          node,
          startedBy: 'admin:a',
          startedAt: 10_000 + index * 1_000,
          dir: `dir-${index}`,
        });
      }
      const track = { recordingId: 'rec-0', peerId: 'p', displayName: 'P', kind: 'audio' as const, codec: 'opus' };
      await store.recordings.addTrack({ ...track, id: 't-1', source: 'mic', file: 'p_mic_1.webm', startedAt: 10_050 });
      await store.recordings.addTrack({ ...track, id: 't-2', source: 'mic', file: 'p_mic_2.webm', startedAt: 12_000 });
      await store.recordings.updateTrack('t-1', { startedAt: 10_040, durationMs: 1_900, sizeBytes: 4_000 });
      await store.recordings.update('rec-0', {
        state: 'processing',
        endedAt: 14_000,
        durationMs: 4_000,
        failureReason: 'first',
      });
      await store.recordings.update('rec-0', {
        failureReason: 'second',
        composed: { file: 'c.mp4', sizeBytes: 9, durationMs: 4_000 },
      });
      await store.recordings.removeTrack('t-2');
      expect(await store.recordings.get('rec-0')).toMatchObject({
        state: 'processing',
        failureReason: 'first',
        composed: { file: 'c.mp4', sizeBytes: 9 },
        tracks: [{ id: 't-1', startedAt: 10_040, durationMs: 1_900, sizeBytes: 4_000, source: 'mic' }],
      });
      expect((await store.recordings.unfinished(node)).map((entry) => entry.id).sort()).toEqual([
        'rec-0',
        'rec-1',
        'rec-2',
      ]);
      expect(await store.recordings.unfinished('another-node')).toEqual([]);

      const first = await store.recordings.list({ room: 'rec-room', limit: 1 });
      expect(first.recordings.map((entry) => entry.id)).toEqual(['rec-1']);
      const second = await store.recordings.list({ room: 'rec-room', limit: 1, cursor: first.nextCursor ?? '' });
      expect(second).toMatchObject({ recordings: [{ id: 'rec-0' }], nextCursor: null });

      await store.recordings.update('rec-0', { state: 'ready' });
      expect((await store.recordings.expired(node, 10_500)).map((entry) => entry.id)).toEqual(['rec-0']);
      for (const id of ['rec-0', 'rec-1', 'rec-2']) expect(await store.recordings.delete(id)).toBe(true);
      expect(await store.recordings.delete('rec-0')).toBe(false);
      expect(await store.recordings.get('rec-0')).toBeUndefined();
    });
  });
}

storeSuite('SQLite', () =>
  Promise.resolve(Store.sqlite(join(mkdtempSync(join(tmpdir(), 'huddle-store-')), 'huddle.db'))),
);

let postgres: RunningPostgres | undefined;
storeSuite('PostgreSQL', async () => {
  postgres = await startPostgres({ fsync: false });
  return Store.postgres(postgres.url);
});
afterAll(async () => {
  await postgres?.stop();
});

describe('SQLite migrations', () => {
  it('migrates a new file to the latest version in WAL mode, and refuses a newer one', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'huddle-store-')), 'nested', 'huddle.db');
    const store = Store.sqlite(path);
    await store.rooms.create({ slug: 'r', ...room });
    await store.close();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => Store.sqlite(path)).toThrow(/newer than this server knows/);
  });

  it("keeps a stored room's chat across the call-scope migration and drops ad hoc rooms' chat", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'huddle-store-')), 'huddle.db');
    const raw = new Database(path);
    for (const sql of SQLITE_MIGRATIONS.slice(0, 3)) raw.exec(sql);
    raw.pragma('user_version = 3');
    raw.exec(`INSERT INTO rooms VALUES ('kept', 'Kept', NULL, 0, 0, 1, 0, 1, 1)`);
    raw.exec(`INSERT INTO chat_messages VALUES ('kept', 0, 'a', 'p', 'P', NULL, 'mine', 1)`);
    raw.exec(`INSERT INTO chat_messages VALUES ('strangers', 0, 'b', 'p', 'P', NULL, 'not yours', 1)`);
    raw.close();
    const store = Store.sqlite(path);
    expect(
      (await store.chat.history({ roomSlug: 'kept', callId: '' }, { limit: 10 })).messages.map((entry) => entry.text),
    ).toEqual(['mine']);
    expect((await store.chat.history({ roomSlug: 'strangers', callId: '' }, { limit: 10 })).messages).toEqual([]);
    await store.close();
  });
});
