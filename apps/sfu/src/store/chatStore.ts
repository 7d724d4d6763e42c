import type { ChatMessage } from '@huddle/shared';
import { z } from 'zod';
import type { Db } from './database.js';

const messageRow = z
  .object({
    seq: z.number().int(),
    message_id: z.string(),
    from_peer_id: z.string(),
    from_name: z.string(),
    to_peer_id: z.string().nullable(),
    text: z.string(),
    sent_at: z.number().int(),
  })
  .transform((row): ChatMessage => ({
    messageId: row.message_id,
    seq: row.seq,
    fromPeerId: row.from_peer_id,
    fromName: row.from_name,
    ...(row.to_peer_id === null ? {} : { to: row.to_peer_id }),
    text: row.text,
    sentAt: row.sent_at,
  }));

export type ChatPage = { messages: ChatMessage[]; hasMore: boolean };

/**
 * Where a room's messages live: a stored room keeps one history across its calls (`callId` ''); a room joined
 * ad hoc keeps each call's messages apart (its call id), so the next call in the same slug starts empty.
 */
export type ChatScope = { roomSlug: string; callId: string };

/** The history of a stored room (it outlives its calls). */
export const storedRoomChat = (roomSlug: string): ChatScope => ({ roomSlug, callId: '' });

export type PruneRules = { olderThan: number | undefined; keepPerRoom: number | undefined };

/** Every room's chat history, by scope and per-scope sequence number. */
export class ChatStore {
  readonly #db: Db;
  readonly #insert;
  readonly #lastSeq;

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO chat_messages
         (room_slug, call_id, seq, message_id, from_peer_id, from_name, to_peer_id, text, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#lastSeq = db.prepare('SELECT MAX(seq) AS seq FROM chat_messages WHERE room_slug = ? AND call_id = ?');
  }

  append(scope: ChatScope, message: ChatMessage): void {
    this.#insert.run(
      scope.roomSlug,
      scope.callId,
      message.seq,
      message.messageId,
      message.fromPeerId,
      message.fromName,
      message.to ?? null,
      message.text,
      message.sentAt,
    );
  }

  /** The next free sequence number of a scope (0 for one without history). */
  nextSeq(scope: ChatScope): number {
    const row = z.object({ seq: z.number().int().nullable() }).parse(this.#lastSeq.get(scope.roomSlug, scope.callId));
    return row.seq === null ? 0 : row.seq + 1;
  }

  /**
   * Up to `limit` messages older than `beforeSeq`, oldest first. With `viewerPeerId`, only what that peer may
   * see (public messages and private ones it sent or received); without it, everything (admins).
   */
  history(scope: ChatScope, options: { viewerPeerId?: string; beforeSeq?: number; limit: number }): ChatPage {
    const { viewerPeerId, beforeSeq, limit } = options;
    const visibility =
      viewerPeerId === undefined ? '' : 'AND (to_peer_id IS NULL OR to_peer_id = @viewer OR from_peer_id = @viewer)';
    const rows: unknown[] = this.#db
      .prepare(
        `SELECT seq, message_id, from_peer_id, from_name, to_peer_id, text, sent_at FROM chat_messages
         WHERE room_slug = @room AND call_id = @call AND seq < @before ${visibility} ORDER BY seq DESC LIMIT @limit`,
      )
      .all({
        room: scope.roomSlug,
        call: scope.callId,
        before: beforeSeq ?? Number.MAX_SAFE_INTEGER,
        viewer: viewerPeerId ?? null,
        limit: limit + 1,
      });
    const messages = rows.slice(0, limit).map((row) => messageRow.parse(row));
    return { messages: messages.reverse(), hasMore: rows.length > limit };
  }

  /** Deletes one scope's messages (an ad hoc call that ended, or an admin clearing a room); returns how many. */
  clear(scope: ChatScope): number {
    return this.#db
      .prepare('DELETE FROM chat_messages WHERE room_slug = ? AND call_id = ?')
      .run(scope.roomSlug, scope.callId).changes;
  }

  /** Every message of a room, in every scope (the room is deleted). */
  clearRoom(roomSlug: string): number {
    return this.#db.prepare('DELETE FROM chat_messages WHERE room_slug = ?').run(roomSlug).changes;
  }

  /**
   * Applies the retention rules: messages sent before `olderThan` go, and each scope keeps at most its newest
   * `keepPerRoom`. Returns how many messages were deleted.
   */
  prune({ olderThan, keepPerRoom }: PruneRules): number {
    return this.#db.transaction(() => {
      let deleted = 0;
      if (olderThan !== undefined) {
        deleted += this.#db.prepare('DELETE FROM chat_messages WHERE sent_at < ?').run(olderThan).changes;
      }
      if (keepPerRoom !== undefined) {
        deleted += this.#db
          .prepare(
            `DELETE FROM chat_messages WHERE rowid IN (
               SELECT rowid FROM (
                 SELECT rowid, ROW_NUMBER() OVER (PARTITION BY room_slug, call_id ORDER BY seq DESC) AS newest
                 FROM chat_messages
               ) WHERE newest > ?
             )`,
          )
          .run(keepPerRoom).changes;
      }
      return deleted;
    })();
  }
}
