/**
 * SQLite schema versions, applied in order inside one transaction each; `PRAGMA user_version` records the last one
 * applied. Never edit a released migration: add the next one (and its PostgreSQL twin in postgresMigrations.ts).
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: rooms and their chat history
  `CREATE TABLE rooms (
     slug TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     max_participants INTEGER,
     locked INTEGER NOT NULL,
     lobby INTEGER NOT NULL,
     chat INTEGER NOT NULL,
     recording_ready INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE chat_messages (
     room_slug TEXT NOT NULL,
     seq INTEGER NOT NULL,
     message_id TEXT NOT NULL UNIQUE,
     from_peer_id TEXT NOT NULL,
     from_name TEXT NOT NULL,
     to_peer_id TEXT,
     text TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     PRIMARY KEY (room_slug, seq)
   );`,
  // 2: admin audit log
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     details TEXT
   );`,
  // 3: credentials — admins, their sessions, API keys, and server secrets
  `CREATE TABLE admins (
     username TEXT PRIMARY KEY,
     password_hash TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE admin_sessions (
     token_hash TEXT PRIMARY KEY,
     username TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     secret_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER,
     revoked_at INTEGER
   );
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // 4: chat belongs to a call (ad hoc rooms) or to the stored room (call_id ''). Messages of rooms nobody
  // created were readable by whoever later used the slug: they are dropped.
  `DELETE FROM chat_messages WHERE room_slug NOT IN (SELECT slug FROM rooms);
   CREATE TABLE chat_messages_v4 (
     room_slug TEXT NOT NULL,
     call_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     message_id TEXT NOT NULL UNIQUE,
     from_peer_id TEXT NOT NULL,
     from_name TEXT NOT NULL,
     to_peer_id TEXT,
     text TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     PRIMARY KEY (room_slug, call_id, seq)
   );
   INSERT INTO chat_messages_v4
     SELECT room_slug, '', seq, message_id, from_peer_id, from_name, to_peer_id, text, sent_at FROM chat_messages;
   DROP TABLE chat_messages;
   ALTER TABLE chat_messages_v4 RENAME TO chat_messages;
   CREATE INDEX chat_messages_sent_at ON chat_messages (sent_at);`,
  // 5: webhook deliveries wait in an outbox until delivered, so a restart resumes them
  `CREATE TABLE webhook_outbox (
     id TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     url TEXT NOT NULL,
     event TEXT NOT NULL,
     body TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at);`,
  // 6: identities removed from a room, banned until their invitation expires
  `CREATE TABLE room_bans (
     room_slug TEXT NOT NULL,
     identity TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (room_slug, identity)
   );`,
  // 7: webinar rooms and per-room last-N
  `ALTER TABLE rooms ADD COLUMN mode TEXT NOT NULL DEFAULT 'meeting';
   ALTER TABLE rooms ADD COLUMN last_n INTEGER;`,
  // 8: recordings and their track files (PostgreSQL 3)
  `CREATE TABLE recordings (
     id TEXT PRIMARY KEY,
     room_slug TEXT NOT NULL,
     node TEXT NOT NULL,
     state TEXT NOT NULL,
     started_by TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     duration_ms INTEGER,
     failure_reason TEXT,
     dir TEXT NOT NULL,
     composed_file TEXT,
     composed_size INTEGER,
     composed_duration_ms INTEGER,
     updated_at INTEGER NOT NULL
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
     started_at INTEGER NOT NULL,
     duration_ms INTEGER,
     size_bytes INTEGER NOT NULL
   );
   CREATE INDEX recording_tracks_recording ON recording_tracks (recording_id);`,
];
