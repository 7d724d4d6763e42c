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

/** Every room's chat history, by room slug and per-room sequence number. */
export class ChatStore {
  readonly #db: Db;
  readonly #insert;
  readonly #lastSeq;

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO chat_messages (room_slug, seq, message_id, from_peer_id, from_name, to_peer_id, text, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#lastSeq = db.prepare('SELECT MAX(seq) AS seq FROM chat_messages WHERE room_slug = ?');
  }

  append(roomSlug: string, message: ChatMessage): void {
    this.#insert.run(
      roomSlug,
      message.seq,
      message.messageId,
      message.fromPeerId,
      message.fromName,
      message.to ?? null,
      message.text,
      message.sentAt,
    );
  }

  /** The next free sequence number of a room (0 for a room without history). */
  nextSeq(roomSlug: string): number {
    const row = z.object({ seq: z.number().int().nullable() }).parse(this.#lastSeq.get(roomSlug));
    return row.seq === null ? 0 : row.seq + 1;
  }

  /**
   * Up to `limit` messages older than `beforeSeq`, oldest first. With `viewerPeerId`, only what that peer may
   * see (public messages and private ones it sent or received); without it, everything (admins).
   */
  history(roomSlug: string, options: { viewerPeerId?: string; beforeSeq?: number; limit: number }): ChatPage {
    const { viewerPeerId, beforeSeq, limit } = options;
    const visibility =
      viewerPeerId === undefined ? '' : 'AND (to_peer_id IS NULL OR to_peer_id = @viewer OR from_peer_id = @viewer)';
    const rows: unknown[] = this.#db
      .prepare(
        `SELECT seq, message_id, from_peer_id, from_name, to_peer_id, text, sent_at FROM chat_messages
         WHERE room_slug = @room AND seq < @before ${visibility} ORDER BY seq DESC LIMIT @limit`,
      )
      .all({
        room: roomSlug,
        before: beforeSeq ?? Number.MAX_SAFE_INTEGER,
        viewer: viewerPeerId ?? null,
        limit: limit + 1,
      });
    const messages = rows.slice(0, limit).map((row) => messageRow.parse(row));
    return { messages: messages.reverse(), hasMore: rows.length > limit };
  }
}
