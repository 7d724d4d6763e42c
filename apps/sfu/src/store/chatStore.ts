import type { ChatMessage } from '@huddle/shared';
import { sql } from 'kysely';
import { z } from 'zod';
import type { StoreDb } from './schema.js';

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

const APPEND_ATTEMPTS = 5;

/** SQLite's and PostgreSQL's ways of saying a unique key is taken. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return (
    error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === '23505'
  );
}

export type PruneRules = { olderThan: number | undefined; keepPerRoom: number | undefined };

/** Every room's chat history, by scope and per-scope sequence number. */
export class ChatStore {
  readonly #store: StoreDb;

  constructor(store: StoreDb) {
    this.#store = store;
  }

  async append(scope: ChatScope, message: ChatMessage): Promise<void> {
    await this.#store.db
      .insertInto('chat_messages')
      .values({
        room_slug: scope.roomSlug,
        call_id: scope.callId,
        seq: message.seq,
        message_id: message.messageId,
        from_peer_id: message.fromPeerId,
        from_name: message.fromName,
        to_peer_id: message.to ?? null,
        text: message.text,
        sent_at: message.sentAt,
      })
      .execute();
  }

  /**
   * Appends a message with the scope's next sequence number, taken in the same statement. Writers on several nodes
   * may still race for a number (PostgreSQL): the primary key settles it, and the loser takes the next.
   */
  async appendNext(scope: ChatScope, message: Omit<ChatMessage, 'seq'>): Promise<ChatMessage> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { rows } = await sql<{ seq: number }>`
          INSERT INTO chat_messages
            (room_slug, call_id, seq, message_id, from_peer_id, from_name, to_peer_id, text, sent_at)
          SELECT ${scope.roomSlug}, ${scope.callId}, COALESCE(MAX(seq) + 1, 0), ${message.messageId},
            ${message.fromPeerId}, ${message.fromName}, ${message.to ?? null}, ${message.text}, ${message.sentAt}
          FROM chat_messages WHERE room_slug = ${scope.roomSlug} AND call_id = ${scope.callId}
          RETURNING seq`.execute(this.#store.db);
        const seq = z.number().int().parse(rows[0]?.seq);
        return { ...message, seq };
      } catch (error) {
        if (attempt >= APPEND_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** The next free sequence number of a scope (0 for one without history). */
  async nextSeq(scope: ChatScope): Promise<number> {
    const row = await this.#store.db
      .selectFrom('chat_messages')
      .select((select) => select.fn.max('seq').as('seq'))
      .where('room_slug', '=', scope.roomSlug)
      .where('call_id', '=', scope.callId)
      .executeTakeFirst();
    const seq = z.object({ seq: z.number().int().nullable() }).parse(row ?? { seq: null }).seq;
    return seq === null ? 0 : seq + 1;
  }

  /**
   * Up to `limit` messages older than `beforeSeq`, oldest first. With `viewerPeerId`, only what that peer may
   * see (public messages and private ones it sent or received); without it, everything (admins).
   */
  async history(
    scope: ChatScope,
    options: { viewerPeerId?: string; beforeSeq?: number; limit: number },
  ): Promise<ChatPage> {
    const { viewerPeerId, beforeSeq, limit } = options;
    let query = this.#store.db
      .selectFrom('chat_messages')
      .select(['seq', 'message_id', 'from_peer_id', 'from_name', 'to_peer_id', 'text', 'sent_at'])
      .where('room_slug', '=', scope.roomSlug)
      .where('call_id', '=', scope.callId);
    if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
    if (viewerPeerId !== undefined) {
      query = query.where((where) =>
        where.or([
          where('to_peer_id', 'is', null),
          where('to_peer_id', '=', viewerPeerId),
          where('from_peer_id', '=', viewerPeerId),
        ]),
      );
    }
    const rows = await query
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute();
    const messages = rows.slice(0, limit).map((row) => messageRow.parse(row));
    return { messages: messages.reverse(), hasMore: rows.length > limit };
  }

  /** Deletes one scope's messages (an ad hoc call that ended, or an admin clearing a room); returns how many. */
  async clear(scope: ChatScope): Promise<number> {
    const result = await this.#store.db
      .deleteFrom('chat_messages')
      .where('room_slug', '=', scope.roomSlug)
      .where('call_id', '=', scope.callId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Applies the retention rules: messages sent before `olderThan` go, and each scope keeps at most its newest
   * `keepPerRoom`. Returns how many messages were deleted.
   */
  async prune({ olderThan, keepPerRoom }: PruneRules): Promise<number> {
    let deleted = 0;
    if (olderThan !== undefined) {
      const result = await this.#store.db
        .deleteFrom('chat_messages')
        .where('sent_at', '<', olderThan)
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    if (keepPerRoom !== undefined) {
      const result = await this.#store.db
        .deleteFrom('chat_messages')
        .where(
          'message_id',
          'in',
          sql<string>`(SELECT message_id FROM (
            SELECT message_id, ROW_NUMBER() OVER (PARTITION BY room_slug, call_id ORDER BY seq DESC) AS newest
            FROM chat_messages
          ) AS ranked WHERE newest > ${keepPerRoom})`,
        )
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
  }
}
