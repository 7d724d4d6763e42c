import type { ApiKey } from '@huddle/shared';
import { z } from 'zod';
import type { Db } from './database.js';

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

const API_KEY_COLUMNS = 'id, name, created_at, last_used_at, revoked_at';

/** Admin password hashes, admin sessions, API keys and server secrets. Only hashes of credentials are kept. */
export class CredentialStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  adminPasswordHash(username: string): string | undefined {
    const row: unknown = this.#db.prepare('SELECT password_hash FROM admins WHERE username = ?').get(username);
    return row === undefined ? undefined : z.object({ password_hash: z.string() }).parse(row).password_hash;
  }

  setAdminPasswordHash(username: string, hash: string, now = Date.now()): void {
    this.#db
      .prepare(
        `INSERT INTO admins (username, password_hash, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
      )
      .run(username, hash, now);
  }

  addSession(tokenHash: string, username: string, expiresAt: number): void {
    this.#db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').run(Date.now());
    this.#db
      .prepare('INSERT INTO admin_sessions (token_hash, username, expires_at) VALUES (?, ?, ?)')
      .run(tokenHash, username, expiresAt);
  }

  /** The admin a live session belongs to. */
  sessionUser(tokenHash: string, now = Date.now()): string | undefined {
    const row: unknown = this.#db
      .prepare('SELECT username FROM admin_sessions WHERE token_hash = ? AND expires_at > ?')
      .get(tokenHash, now);
    return row === undefined ? undefined : z.object({ username: z.string() }).parse(row).username;
  }

  deleteSession(tokenHash: string): void {
    this.#db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(tokenHash);
  }

  addApiKey(id: string, name: string, secretHash: string, now = Date.now()): ApiKey {
    this.#db
      .prepare('INSERT INTO api_keys (id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(id, name, secretHash, now);
    return { id, name, createdAt: now, lastUsedAt: null, revokedAt: null };
  }

  listApiKeys(): ApiKey[] {
    const rows: unknown[] = this.#db.prepare(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`).all();
    return rows.map((row) => apiKeyRow.parse(row));
  }

  /** The stored hash of a key that is not revoked. */
  activeApiKeyHash(id: string): { name: string; secretHash: string } | undefined {
    const row: unknown = this.#db
      .prepare('SELECT name, secret_hash FROM api_keys WHERE id = ? AND revoked_at IS NULL')
      .get(id);
    if (row === undefined) return undefined;
    const parsed = z.object({ name: z.string(), secret_hash: z.string() }).parse(row);
    return { name: parsed.name, secretHash: parsed.secret_hash };
  }

  touchApiKey(id: string, now = Date.now()): void {
    this.#db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  /** False when there is no such key or it was revoked already. */
  revokeApiKey(id: string, now = Date.now()): boolean {
    return (
      this.#db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id)
        .changes === 1
    );
  }

  /** A server secret by name, made with `create` and kept on first use. */
  secret(name: string, create: () => string): string {
    const row: unknown = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(name);
    if (row !== undefined) return z.object({ value: z.string() }).parse(row).value;
    const value = create();
    this.#db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(name, value);
    return value;
  }
}
