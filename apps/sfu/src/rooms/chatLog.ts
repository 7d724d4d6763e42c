import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '@huddle/shared';
import type { ChatPage, ChatStore } from '../store/chatStore.js';

/**
 * A room's chat: public messages and private ones, each visible only to whom it concerns. Every message is
 * written to the store as it is sent, so the history outlives the call and the process.
 */
export class ChatLog {
  readonly #roomId: string;
  readonly #store: ChatStore;
  #nextSeq: number;

  constructor(roomId: string, store: ChatStore) {
    this.#roomId = roomId;
    this.#store = store;
    this.#nextSeq = store.nextSeq(roomId);
  }

  add(from: { id: string; displayName: string }, text: string, to: string | undefined): ChatMessage {
    const message: ChatMessage = {
      messageId: randomUUID(),
      seq: this.#nextSeq,
      fromPeerId: from.id,
      fromName: from.displayName,
      ...(to === undefined ? {} : { to }),
      text,
      sentAt: Date.now(),
    };
    this.#store.append(this.#roomId, message);
    this.#nextSeq += 1;
    return message;
  }

  /** Up to `limit` messages `peerId` may see, older than `beforeSeq`, oldest first. */
  history(peerId: string, beforeSeq: number | undefined, limit: number): ChatPage {
    return this.#store.history(this.#roomId, {
      viewerPeerId: peerId,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
      limit,
    });
  }
}
