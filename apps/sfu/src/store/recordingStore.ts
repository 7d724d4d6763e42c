import type { MediaKind, MediaSource, RecordingState } from '@huddle/shared';
import { mediaKindSchema, mediaSourceSchema, recordingStateSchema } from '@huddle/shared';
import { z } from 'zod';
import type { StoreDb } from './schema.js';

const int = z.number().int();

const recordingRow = z
  .object({
    id: z.string(),
    room_slug: z.string(),
    node: z.string(),
    state: recordingStateSchema,
    started_by: z.string(),
    started_at: int,
    ended_at: int.nullable(),
    duration_ms: int.nullable(),
    failure_reason: z.string().nullable(),
    dir: z.string(),
    composed_file: z.string().nullable(),
    composed_size: int.nullable(),
    composed_duration_ms: int.nullable(),
  })
  .transform((row) => ({
    id: row.id,
    room: row.room_slug,
    node: row.node,
    state: row.state,
    startedBy: row.started_by,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    failureReason: row.failure_reason,
    dir: row.dir,
    composed:
      row.composed_file === null
        ? null
        : { file: row.composed_file, sizeBytes: row.composed_size ?? 0, durationMs: row.composed_duration_ms ?? 0 },
  }));

const trackRow = z
  .object({
    id: z.string(),
    recording_id: z.string(),
    peer_id: z.string(),
    display_name: z.string(),
    source: mediaSourceSchema,
    kind: mediaKindSchema,
    codec: z.string(),
    file: z.string(),
    started_at: int,
    duration_ms: int.nullable(),
    size_bytes: int,
  })
  .transform((row) => ({
    id: row.id,
    recordingId: row.recording_id,
    peerId: row.peer_id,
    displayName: row.display_name,
    source: row.source,
    kind: row.kind,
    codec: row.codec,
    file: row.file,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    sizeBytes: row.size_bytes,
  }));

export type StoredRecording = z.output<typeof recordingRow> & { tracks: StoredTrack[] };
export type StoredTrack = z.output<typeof trackRow>;

export type NewRecording = {
  id: string;
  room: string;
  node: string;
  startedBy: string;
  startedAt: number;
  dir: string;
};
export type NewTrack = {
  id: string;
  recordingId: string;
  peerId: string;
  displayName: string;
  source: MediaSource;
  kind: MediaKind;
  codec: string;
  file: string;
  startedAt: number;
};
/** What changes as a recording ends: its state, when, why it failed, and the composed file. */
export type RecordingUpdate = {
  state?: RecordingState;
  endedAt?: number;
  durationMs?: number;
  failureReason?: string;
  composed?: { file: string; sizeBytes: number; durationMs: number };
};
export type RecordingPage = { recordings: StoredRecording[]; nextCursor: string | null };

/** Recordings and their track files (the files themselves live under `recordings.dir`). */
export class RecordingStore {
  readonly #store: StoreDb;

  constructor(store: StoreDb) {
    this.#store = store;
  }

  async create(recording: NewRecording): Promise<void> {
    await this.#store.db
      .insertInto('recordings')
      .values({
        id: recording.id,
        room_slug: recording.room,
        node: recording.node,
        state: 'recording',
        started_by: recording.startedBy,
        started_at: recording.startedAt,
        ended_at: null,
        duration_ms: null,
        failure_reason: null,
        dir: recording.dir,
        composed_file: null,
        composed_size: null,
        composed_duration_ms: null,
        updated_at: recording.startedAt,
      })
      .execute();
  }

  /** Changes what `update` gives; a failure reason once set is kept (the first cause is the one that counts). */
  async update(id: string, update: RecordingUpdate, now = Date.now()): Promise<void> {
    await this.#store.db
      .updateTable('recordings')
      .set((eb) => ({
        updated_at: now,
        ...(update.state === undefined ? {} : { state: update.state }),
        ...(update.endedAt === undefined ? {} : { ended_at: update.endedAt }),
        ...(update.durationMs === undefined ? {} : { duration_ms: update.durationMs }),
        ...(update.failureReason === undefined
          ? {}
          : { failure_reason: eb.fn.coalesce('failure_reason', eb.val(update.failureReason)) }),
        ...(update.composed === undefined
          ? {}
          : {
              composed_file: update.composed.file,
              composed_size: update.composed.sizeBytes,
              composed_duration_ms: update.composed.durationMs,
            }),
      }))
      .where('id', '=', id)
      .execute();
  }

  async addTrack(track: NewTrack): Promise<void> {
    await this.#store.db
      .insertInto('recording_tracks')
      .values({
        id: track.id,
        recording_id: track.recordingId,
        peer_id: track.peerId,
        display_name: track.displayName,
        source: track.source,
        kind: track.kind,
        codec: track.codec,
        file: track.file,
        started_at: track.startedAt,
        duration_ms: null,
        size_bytes: 0,
      })
      .execute();
  }

  /** A track's file was finalized (or measured again): its start (recorder clock), length and size. */
  async updateTrack(
    id: string,
    file: { startedAt?: number; durationMs?: number | null; sizeBytes: number },
  ): Promise<void> {
    await this.#store.db
      .updateTable('recording_tracks')
      .set({
        size_bytes: file.sizeBytes,
        ...(file.startedAt === undefined ? {} : { started_at: file.startedAt }),
        ...(file.durationMs === undefined ? {} : { duration_ms: file.durationMs }),
      })
      .where('id', '=', id)
      .execute();
  }

  async removeTrack(id: string): Promise<void> {
    await this.#store.db.deleteFrom('recording_tracks').where('id', '=', id).execute();
  }

  async get(id: string): Promise<StoredRecording | undefined> {
    const row = await this.#store.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    const [recording] = await this.#withTracks([recordingRow.parse(row)]);
    return recording;
  }

  /** Newest first, optionally of one room; `cursor` is a page's `nextCursor` (`<startedAt>_<id>`). */
  async list(options: {
    room?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<RecordingPage> {
    let query = this.#store.db.selectFrom('recordings').selectAll();
    if (options.room !== undefined) query = query.where('room_slug', '=', options.room);
    const after = parseCursor(options.cursor);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('started_at', '<', after.startedAt),
          eb.and([eb('started_at', '=', after.startedAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1)
      .execute();
    const page = rows.slice(0, options.limit).map((row) => recordingRow.parse(row));
    const last = page.at(-1);
    return {
      recordings: await this.#withTracks(page),
      nextCursor: rows.length > options.limit && last ? `${last.startedAt}_${last.id}` : null,
    };
  }

  /** This node's recordings still marked as running (after a crash: to finalize as `interrupted`). */
  async unfinished(node: string): Promise<StoredRecording[]> {
    const rows = await this.#store.db
      .selectFrom('recordings')
      .selectAll()
      .where('node', '=', node)
      .where('state', 'in', ['recording', 'processing'])
      .execute();
    return this.#withTracks(rows.map((row) => recordingRow.parse(row)));
  }

  /** This node's finished recordings that started before `before` (for the retention job). */
  async expired(node: string, before: number): Promise<StoredRecording[]> {
    const rows = await this.#store.db
      .selectFrom('recordings')
      .selectAll()
      .where('node', '=', node)
      .where('started_at', '<', before)
      .where('state', 'not in', ['recording', 'processing'])
      .execute();
    return rows.map((row) => ({ ...recordingRow.parse(row), tracks: [] }));
  }

  /** Deletes the recording and its tracks; false when there was none. */
  async delete(id: string): Promise<boolean> {
    return this.#store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recording_tracks').where('recording_id', '=', id).execute();
      const result = await trx.deleteFrom('recordings').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows === 1n;
    });
  }

  async #withTracks(recordings: Array<z.output<typeof recordingRow>>): Promise<StoredRecording[]> {
    if (recordings.length === 0) return [];
    const rows = await this.#store.db
      .selectFrom('recording_tracks')
      .selectAll()
      .where(
        'recording_id',
        'in',
        recordings.map((recording) => recording.id),
      )
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    const tracks = rows.map((row) => trackRow.parse(row));
    return recordings.map((recording) => ({
      ...recording,
      tracks: tracks.filter((track) => track.recordingId === recording.id),
    }));
  }
}

function parseCursor(cursor: string | undefined): { startedAt: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const split = cursor.indexOf('_');
  return { startedAt: Number(cursor.slice(0, split)), id: cursor.slice(split + 1) };
}
