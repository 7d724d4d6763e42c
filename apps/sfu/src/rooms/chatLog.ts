import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '@huddle/shared';
import type { ChatPage, ChatScope, ChatStore } from '../store/chatStore.js';

/**
 * A call's chat: public messages and private ones, each visible only to whom it concerns. Every message is
 * written to the store as it is sent (in the call's scope: the stored room's history, or this call's own).
 */
export class ChatLog {
  readonly #scope: ChatScope;
  readonly #store: ChatStore;
  #nextSeq: number;

  private constructor(scope: ChatScope, store: ChatStore, nextSeq: number) {
    this.#scope = scope;
    this.#store = store;
    this.#nextSeq = nextSeq;
  }

  /** The log of `scope`, continuing its stored sequence. */
  static async open(scope: ChatScope, store: ChatStore): Promise<ChatLog> {
    return new ChatLog(scope, store, await store.nextSeq(scope));
  }

  /** Stores the message, then resolves with it (its sequence number is taken at once, so order is kept). */
  async add(from: { id: string; displayName: string }, text: string, to: string | undefined): Promise<ChatMessage> {
    const message: ChatMessage = {
      messageId: randomUUID(),
      seq: this.#nextSeq,
      fromPeerId: from.id,
      fromName: from.displayName,
      ...(to === undefined ? {} : { to }),
      text,
      sentAt: Date.now(),
    };
    this.#nextSeq += 1;
    await this.#store.append(this.#scope, message);
    return message;
  }

  /** Up to `limit` messages `peerId` may see, older than `beforeSeq`, oldest first. */
  history(peerId: string, beforeSeq: number | undefined, limit: number): Promise<ChatPage> {
    return this.#store.history(this.#scope, {
      viewerPeerId: peerId,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
      limit,
    });
  }

  /** Deletes this scope's messages (an ad hoc call ends: its chat goes with it). */
  async clear(): Promise<void> {
    await this.#store.clear(this.#scope);
  }
}
