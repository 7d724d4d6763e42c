import { roomModeSchema, type CreateRoomRequest, type RoomSettings, type UpdateRoomRequest } from '@huddle/shared';
import { z } from 'zod';
import { toFlag, type StoreDb } from './schema.js';

const flag = z.union([z.literal(0), z.literal(1)]).transform((value) => value === 1);

const roomRow = z
  .object({
    slug: z.string(),
    title: z.string(),
    max_participants: z.number().int().nullable(),
    locked: flag,
    lobby: flag,
    chat: flag,
    recording_ready: flag,
    mode: roomModeSchema,
    last_n: z.number().int().nullable(),
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
    mode: row.mode,
    lastN: row.last_n,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));

function toRow(room: RoomSettings) {
  return {
    slug: room.slug,
    title: room.title,
    max_participants: room.maxParticipants,
    locked: toFlag(room.locked),
    lobby: toFlag(room.lobby),
    chat: toFlag(room.chat),
    recording_ready: toFlag(room.recordingReady),
    mode: room.mode,
    last_n: room.lastN,
    created_at: room.createdAt,
    updated_at: room.updatedAt,
  };
}

/** Rooms an admin or an integrator configured; rooms joined ad hoc by id are not stored. */
export class RoomStore {
  readonly #store: StoreDb;

  constructor(store: StoreDb) {
    this.#store = store;
  }

  /** Undefined when the slug is taken. */
  async create(input: CreateRoomRequest, now = Date.now()): Promise<RoomSettings | undefined> {
    const room: RoomSettings = {
      slug: input.slug,
      title: input.title ?? input.slug,
      maxParticipants: input.maxParticipants,
      locked: input.locked,
      lobby: input.lobby,
      chat: input.chat,
      recordingReady: input.recordingReady,
      mode: input.mode,
      lastN: input.lastN,
      createdAt: now,
      updatedAt: now,
    };
    const result = await this.#store.db
      .insertInto('rooms')
      .values(toRow(room))
      .onConflict((conflict) => conflict.column('slug').doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows === 1n ? room : undefined;
  }

  async get(slug: string): Promise<RoomSettings | undefined> {
    const row = await this.#store.db.selectFrom('rooms').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row === undefined ? undefined : roomRow.parse(row);
  }

  async list(): Promise<RoomSettings[]> {
    const rows = await this.#store.db.selectFrom('rooms').selectAll().orderBy('slug').execute();
    return rows.map((row) => roomRow.parse(row));
  }

  async update(slug: string, patch: UpdateRoomRequest, now = Date.now()): Promise<RoomSettings | undefined> {
    return this.#store.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('rooms').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (row === undefined) return undefined;
      const current = roomRow.parse(row);
      const next: RoomSettings = {
        ...current,
        title: patch.title ?? current.title,
        maxParticipants: patch.maxParticipants === undefined ? current.maxParticipants : patch.maxParticipants,
        locked: patch.locked ?? current.locked,
        lobby: patch.lobby ?? current.lobby,
        chat: patch.chat ?? current.chat,
        recordingReady: patch.recordingReady ?? current.recordingReady,
        mode: patch.mode ?? current.mode,
        lastN: patch.lastN === undefined ? current.lastN : patch.lastN,
        updatedAt: now,
      };
      const { title, max_participants, locked, lobby, chat, recording_ready, mode, last_n, updated_at } = toRow(next);
      await trx
        .updateTable('rooms')
        .set({ title, max_participants, locked, lobby, chat, recording_ready, mode, last_n, updated_at })
        .where('slug', '=', slug)
        .execute();
      return next;
    });
  }

  /** Deletes the room, its chat history and its bans; false when there was no such room. */
  async delete(slug: string): Promise<boolean> {
    return this.#store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('chat_messages').where('room_slug', '=', slug).execute();
      await trx.deleteFrom('room_bans').where('room_slug', '=', slug).execute();
      const result = await trx.deleteFrom('rooms').where('slug', '=', slug).executeTakeFirst();
      return result.numDeletedRows === 1n;
    });
  }
}
