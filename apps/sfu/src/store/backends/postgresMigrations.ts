/**
 * PostgreSQL schema versions, applied in order inside one transaction each under an advisory lock (so nodes that
 * start together migrate once); `huddle_schema` records the last one applied. Version 1 is the SQLite schema at its
 * version 6; each later one names its SQLite twin. Never edit a released migration: add the next one (and its SQLite twin in sqliteMigrations.ts).
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE rooms (
     slug TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     max_participants INTEGER,
     locked SMALLINT NOT NULL,
     lobby SMALLINT NOT NULL,
     chat SMALLINT NOT NULL,
     recording_ready SMALLINT NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE chat_messages (
     room_slug TEXT NOT NULL,
     call_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     message_id TEXT NOT NULL UNIQUE,
     from_peer_id TEXT NOT NULL,
     from_name TEXT NOT NULL,
     to_peer_id TEXT,
     text TEXT NOT NULL,
     sent_at BIGINT NOT NULL,
     PRIMARY KEY (room_slug, call_id, seq)
   );
   CREATE INDEX chat_messages_sent_at ON chat_messages (sent_at);
   CREATE TABLE audit_log (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at BIGINT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     details TEXT
   );
   CREATE TABLE admins (
     username TEXT PRIMARY KEY,
     password_hash TEXT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE admin_sessions (
     token_hash TEXT PRIMARY KEY,
     username TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   );
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     secret_hash TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     last_used_at BIGINT,
     revoked_at BIGINT
   );
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );
   CREATE TABLE webhook_outbox (
     id TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     url TEXT NOT NULL,
     event TEXT NOT NULL,
     body TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_attempt_at BIGINT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at);
   CREATE TABLE room_bans (
     room_slug TEXT NOT NULL,
     identity TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     PRIMARY KEY (room_slug, identity)
   );`,
  // 2: webinar rooms and per-room last-N (SQLite 7)
  `ALTER TABLE rooms ADD COLUMN mode TEXT NOT NULL DEFAULT 'meeting';
   ALTER TABLE rooms ADD COLUMN last_n INTEGER;`,
];
