import type { ApiKey } from '@huddle/shared';
import { z } from 'zod';
import type { StoreDb } from './schema.js';

const apiKeyRow = z
  .object({
    id: z.string(),
    name: z.string(),
    created_at: z.number().int(),
    last_used_at: z.number().int().nullable(),
    revoked_at: z.number().int().nullable(),
  })
  .transform((row): ApiKey => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));

/** Admin password hashes, admin sessions, API keys and server secrets. Only hashes of credentials are kept. */
export class CredentialStore {
  readonly #store: StoreDb;

  constructor(store: StoreDb) {
    this.#store = store;
  }

  async adminPasswordHash(username: string): Promise<string | undefined> {
    const row = await this.#store.db
      .selectFrom('admins')
      .select('password_hash')
      .where('username', '=', username)
      .executeTakeFirst();
    return row?.password_hash;
  }

  async setAdminPasswordHash(username: string, hash: string, now = Date.now()): Promise<void> {
    await this.#store.db
      .insertInto('admins')
      .values({ username, password_hash: hash, updated_at: now })
      .onConflict((conflict) => conflict.column('username').doUpdateSet({ password_hash: hash, updated_at: now }))
      .execute();
  }

  /** Stores the first admin's hash unless one exists (another node may have made it first); true if stored. */
  async createAdmin(username: string, hash: string, now = Date.now()): Promise<boolean> {
    const result = await this.#store.db
      .insertInto('admins')
      .values({ username, password_hash: hash, updated_at: now })
      .onConflict((conflict) => conflict.column('username').doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows === 1n;
  }

  async addSession(tokenHash: string, username: string, expiresAt: number, now = Date.now()): Promise<void> {
    await this.#store.db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
    await this.#store.db
      .insertInto('admin_sessions')
      .values({ token_hash: tokenHash, username, expires_at: expiresAt })
      .execute();
  }

  /** The admin a live session belongs to. */
  async sessionUser(tokenHash: string, now = Date.now()): Promise<string | undefined> {
    const row = await this.#store.db
      .selectFrom('admin_sessions')
      .select('username')
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row?.username;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.#store.db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async addApiKey(id: string, name: string, secretHash: string, now = Date.now()): Promise<ApiKey> {
    await this.#store.db
      .insertInto('api_keys')
      .values({ id, name, secret_hash: secretHash, created_at: now, last_used_at: null, revoked_at: null })
      .execute();
    return { id, name, createdAt: now, lastUsedAt: null, revokedAt: null };
  }

  async listApiKeys(): Promise<ApiKey[]> {
    const rows = await this.#store.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => apiKeyRow.parse(row));
  }

  /** The stored hash of a key that is not revoked. */
  async activeApiKeyHash(id: string): Promise<{ name: string; secretHash: string } | undefined> {
    const row = await this.#store.db
      .selectFrom('api_keys')
      .select(['name', 'secret_hash'])
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row === undefined ? undefined : { name: row.name, secretHash: row.secret_hash };
  }

  async touchApiKey(id: string, now = Date.now()): Promise<void> {
    await this.#store.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  /** False when there is no such key or it was revoked already. */
  async revokeApiKey(id: string, now = Date.now()): Promise<boolean> {
    const result = await this.#store.db
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** A server secret by name, made with `create` and kept on first use (the first server to store one wins). */
  async secret(name: string, create: () => string): Promise<string> {
    await this.#store.db
      .insertInto('settings')
      .values({ key: name, value: create() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    const row = await this.#store.db.selectFrom('settings').select('value').where('key', '=', name).executeTakeFirst();
    if (row === undefined) throw new Error(`secret ${name} could not be stored`);
    return row.value;
  }
}
