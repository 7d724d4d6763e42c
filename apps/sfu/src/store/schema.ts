import type { Generated, Kysely } from 'kysely';

// The tables, as both backends hold them. Booleans are 0/1 integers and times are milliseconds since the epoch
// in both (SQLite has no boolean type; PostgreSQL's BIGINT comes back as a number, see backends/postgres.ts).

export interface RoomsTable {
  slug: string;
  title: string;
  max_participants: number | null;
  locked: number;
  lobby: number;
  chat: number;
  recording_ready: number;
  mode: string;
  last_n: number | null;
  created_at: number;
  updated_at: number;
}

export interface ChatMessagesTable {
  room_slug: string;
  call_id: string;
  seq: number;
  message_id: string;
  from_peer_id: string;
  from_name: string;
  to_peer_id: string | null;
  text: string;
  sent_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string | null;
}

export interface AdminsTable {
  username: string;
  password_hash: string;
  updated_at: number;
}

export interface AdminSessionsTable {
  token_hash: string;
  username: string;
  expires_at: number;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  secret_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface WebhookOutboxTable {
  id: string;
  event_id: string;
  url: string;
  event: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
}

export interface RoomBansTable {
  room_slug: string;
  identity: string;
  expires_at: number;
}

export interface RecordingsTable {
  id: string;
  room_slug: string;
  /** The node whose disk holds the files (`host:dir`): only it finalizes the recording after a restart. */
  node: string;
  state: string;
  started_by: string;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  failure_reason: string | null;
  /** The recording's directory, relative to `recordings.dir`. */
  dir: string;
  composed_file: string | null;
  composed_size: number | null;
  composed_duration_ms: number | null;
  updated_at: number;
}

export interface RecordingTracksTable {
  id: string;
  recording_id: string;
  peer_id: string;
  display_name: string;
  source: string;
  kind: string;
  codec: string;
  /** File name inside the recording's directory. */
  file: string;
  started_at: number;
  duration_ms: number | null;
  size_bytes: number;
}

export interface Database {
  rooms: RoomsTable;
  chat_messages: ChatMessagesTable;
  audit_log: AuditLogTable;
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
  webhook_outbox: WebhookOutboxTable;
  room_bans: RoomBansTable;
  recordings: RecordingsTable;
  recording_tracks: RecordingTracksTable;
}

export type Dialect = 'sqlite' | 'postgres';

/** A backend's query builder and which SQL dialect it speaks (for the few statements that differ). */
export type StoreDb = { db: Kysely<Database>; dialect: Dialect };

/** A boolean as both backends store it. */
export const toFlag = (value: boolean): number => (value ? 1 : 0);
