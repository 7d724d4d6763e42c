import type { CreateRoomRequest, RoomSettings, UpdateRoomRequest } from '@huddle/shared';
import { z } from 'zod';
import type { Db } from './database.js';
import { sqlBoolean } from './rowSchemas.js';

const roomRow = z
  .object({
    slug: z.string(),
    title: z.string(),
    max_participants: z.number().int().nullable(),
    locked: sqlBoolean,
    lobby: sqlBoolean,
    chat: sqlBoolean,
    recording_ready: sqlBoolean,
    created_at: z.number().int(),
    updated_at: z.number().int(),
  })
  .transform((row): RoomSettings => ({
    slug: row.slug,
    title: row.title,
    maxParticipants: row.max_participants,
    locked: row.locked,
    lobby: row.lobby,
    chat: row.chat,
    recordingReady: row.recording_ready,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));

const COLUMNS = `slug, title, max_participants, locked, lobby, chat, recording_ready, created_at, updated_at`;

function toParams(room: RoomSettings): Record<string, string | number | null> {
  return {
    slug: room.slug,
    title: room.title,
    max_participants: room.maxParticipants,
    locked: room.locked ? 1 : 0,
    lobby: room.lobby ? 1 : 0,
    chat: room.chat ? 1 : 0,
    recording_ready: room.recordingReady ? 1 : 0,
    created_at: room.createdAt,
    updated_at: room.updatedAt,
  };
}

/** Rooms an admin or an integrator configured; rooms joined ad hoc by id are not stored. */
export class RoomStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Undefined when the slug is taken. */
  create(input: CreateRoomRequest, now = Date.now()): RoomSettings | undefined {
    const room: RoomSettings = {
      slug: input.slug,
      title: input.title ?? input.slug,
      maxParticipants: input.maxParticipants,
      locked: input.locked,
      lobby: input.lobby,
      chat: input.chat,
      recordingReady: input.recordingReady,
      createdAt: now,
      updatedAt: now,
    };
    const result = this.#db
      .prepare(
        `INSERT INTO rooms (${COLUMNS}) VALUES (@slug, @title, @max_participants, @locked, @lobby, @chat,
         @recording_ready, @created_at, @updated_at) ON CONFLICT (slug) DO NOTHING`,
      )
      .run(toParams(room));
    return result.changes === 1 ? room : undefined;
  }

  get(slug: string): RoomSettings | undefined {
    const row: unknown = this.#db.prepare(`SELECT ${COLUMNS} FROM rooms WHERE slug = ?`).get(slug);
    return row === undefined ? undefined : roomRow.parse(row);
  }

  list(): RoomSettings[] {
    const rows: unknown[] = this.#db.prepare(`SELECT ${COLUMNS} FROM rooms ORDER BY slug`).all();
    return rows.map((row) => roomRow.parse(row));
  }

  update(slug: string, patch: UpdateRoomRequest, now = Date.now()): RoomSettings | undefined {
    const current = this.get(slug);
    if (!current) return undefined;
    const next: RoomSettings = { ...current, ...stripUndefined(patch), updatedAt: now };
    this.#db
      .prepare(
        `UPDATE rooms SET title = @title, max_participants = @max_participants, locked = @locked, lobby = @lobby,
         chat = @chat, recording_ready = @recording_ready, updated_at = @updated_at WHERE slug = @slug`,
      )
      .run(toParams(next));
    return next;
  }

  /** Deletes the room and its chat history; false when there was no such room. */
  delete(slug: string): boolean {
    return this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM chat_messages WHERE room_slug = ?').run(slug);
      this.#db.prepare('DELETE FROM room_bans WHERE room_slug = ?').run(slug);
      return this.#db.prepare('DELETE FROM rooms WHERE slug = ?').run(slug).changes === 1;
    })();
  }
}

function stripUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
