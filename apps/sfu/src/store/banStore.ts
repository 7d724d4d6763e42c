import { z } from 'zod';
import type { Db } from './database.js';

const banRow = z.object({ identity: z.string(), expires_at: z.number().int() });
export type Ban = { identity: string; expiresAt: number };

/** Token identities a moderator removed from a room; a ban ends when the removed invitation would have. */
export class BanStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  ban(roomSlug: string, identity: string, expiresAt: number): void {
    this.#db
      .prepare(
        `INSERT INTO room_bans (room_slug, identity, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (room_slug, identity) DO UPDATE SET expires_at = MAX(expires_at, excluded.expires_at)`,
      )
      .run(roomSlug, identity, expiresAt);
  }

  isBanned(roomSlug: string, identity: string, now = Date.now()): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM room_bans WHERE room_slug = ? AND identity = ? AND expires_at > ?')
        .get(roomSlug, identity, now) !== undefined
    );
  }

  list(roomSlug: string, now = Date.now()): Ban[] {
    const rows: unknown[] = this.#db
      .prepare('SELECT identity, expires_at FROM room_bans WHERE room_slug = ? AND expires_at > ? ORDER BY identity')
      .all(roomSlug, now);
    return rows.map((row) => {
      const { identity, expires_at } = banRow.parse(row);
      return { identity, expiresAt: expires_at };
    });
  }

  /** False when the identity was not banned (or its ban had run out). */
  lift(roomSlug: string, identity: string, now = Date.now()): boolean {
    const lifted = this.#db
      .prepare('DELETE FROM room_bans WHERE room_slug = ? AND identity = ? AND expires_at > ?')
      .run(roomSlug, identity, now).changes;
    return lifted === 1;
  }

  /** Forgets bans that ran out; returns how many. */
  prune(now = Date.now()): number {
    return this.#db.prepare('DELETE FROM room_bans WHERE expires_at <= ?').run(now).changes;
  }
}
