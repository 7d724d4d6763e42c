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
  // 3: recordings and their track files (SQLite 8)
  `CREATE TABLE recordings (
     id TEXT PRIMARY KEY,
     room_slug TEXT NOT NULL,
     node TEXT NOT NULL,
     state TEXT NOT NULL,
     started_by TEXT NOT NULL,
     started_at BIGINT NOT NULL,
     ended_at BIGINT,
     duration_ms BIGINT,
     failure_reason TEXT,
     dir TEXT NOT NULL,
     composed_file TEXT,
     composed_size BIGINT,
     composed_duration_ms BIGINT,
     updated_at BIGINT NOT NULL
   );
   CREATE INDEX recordings_started ON recordings (started_at, id);
   CREATE INDEX recordings_room ON recordings (room_slug, started_at);
   CREATE INDEX recordings_node_state ON recordings (node, state);
   CREATE TABLE recording_tracks (
     id TEXT PRIMARY KEY,
     recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
     peer_id TEXT NOT NULL,
     display_name TEXT NOT NULL,
     source TEXT NOT NULL,
     kind TEXT NOT NULL,
     codec TEXT NOT NULL,
     file TEXT NOT NULL,
     started_at BIGINT NOT NULL,
     duration_ms BIGINT,
     size_bytes BIGINT NOT NULL
   );
   CREATE INDEX recording_tracks_recording ON recording_tracks (recording_id);`,
];
