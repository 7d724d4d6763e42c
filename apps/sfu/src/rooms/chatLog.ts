import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '@huddle/shared';
import type { ChatPage, ChatScope, ChatStore } from '../store/chatStore.js';
import { SerialQueue } from './serialQueue.js';

/**
 * A call's chat: public messages and private ones, each visible only to whom it concerns. Every message is
 * written to the store as it is sent (in the call's scope: the stored room's history, or this call's own).
 */
export class ChatLog {
  readonly #scope: ChatScope;
  readonly #store: ChatStore;
  /** This node's messages are stored one after another (in the order they were sent). */
  readonly #writes = new SerialQueue();

  constructor(scope: ChatScope, store: ChatStore) {
    this.#scope = scope;
    this.#store = store;
  }

  /**
   * Stores the message, then resolves with it. Its sequence number is the scope's next, taken by the database (the
   * meeting may span nodes that all write to it).
   */
  add(from: { id: string; displayName: string }, text: string, to: string | undefined): Promise<ChatMessage> {
    const message = {
      messageId: randomUUID(),
      fromPeerId: from.id,
      fromName: from.displayName,
      ...(to === undefined ? {} : { to }),
      text,
      sentAt: Date.now(),
    };
    return this.#writes.run(() => this.#store.appendNext(this.#scope, message));
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
