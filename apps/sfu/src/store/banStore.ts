import { sql } from 'kysely';
import type { StoreDb } from './schema.js';

export type Ban = { identity: string; expiresAt: number };

/** Token identities a moderator removed from a room; a ban ends when the removed invitation would have. */
export class BanStore {
  readonly #store: StoreDb;

  constructor(store: StoreDb) {
    this.#store = store;
  }

  async ban(roomSlug: string, identity: string, expiresAt: number): Promise<void> {
    const later = this.#store.dialect === 'postgres' ? 'GREATEST' : 'MAX';
    await this.#store.db
      .insertInto('room_bans')
      .values({ room_slug: roomSlug, identity, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict.columns(['room_slug', 'identity']).doUpdateSet({
          expires_at: sql<number>`${sql.raw(later)}(room_bans.expires_at, excluded.expires_at)`,
        }),
      )
      .execute();
  }

  async isBanned(roomSlug: string, identity: string, now = Date.now()): Promise<boolean> {
    const row = await this.#store.db
      .selectFrom('room_bans')
      .select('identity')
      .where('room_slug', '=', roomSlug)
      .where('identity', '=', identity)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row !== undefined;
  }

  async list(roomSlug: string, now = Date.now()): Promise<Ban[]> {
    const rows = await this.#store.db
      .selectFrom('room_bans')
      .select(['identity', 'expires_at'])
      .where('room_slug', '=', roomSlug)
      .where('expires_at', '>', now)
      .orderBy('identity')
      .execute();
    return rows.map((row) => ({ identity: row.identity, expiresAt: row.expires_at }));
  }

  /** False when the identity was not banned (or its ban had run out). */
  async lift(roomSlug: string, identity: string, now = Date.now()): Promise<boolean> {
    const result = await this.#store.db
      .deleteFrom('room_bans')
      .where('room_slug', '=', roomSlug)
      .where('identity', '=', identity)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** Forgets bans that ran out; returns how many. */
  async prune(now = Date.now()): Promise<number> {
    const result = await this.#store.db.deleteFrom('room_bans').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
