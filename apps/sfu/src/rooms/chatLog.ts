import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '@huddle/shared';

/** Messages a room keeps in memory for its life; the oldest go first past this many. */
const MAX_MESSAGES = 5000;

/** A room's chat: public messages and private ones, each visible only to whom it concerns. */
export class ChatLog {
  readonly #messages: ChatMessage[] = [];
  #nextSeq = 0;

  add(from: { id: string; displayName: string }, text: string, to: string | undefined): ChatMessage {
    const message: ChatMessage = {
      messageId: randomUUID(),
      seq: this.#nextSeq++,
      fromPeerId: from.id,
      fromName: from.displayName,
      ...(to === undefined ? {} : { to }),
      text,
      sentAt: Date.now(),
    };
    this.#messages.push(message);
    if (this.#messages.length > MAX_MESSAGES) this.#messages.shift();
    return message;
  }

  /** Up to `limit` messages `peerId` may see, older than `beforeSeq`, oldest first. */
  history(peerId: string, beforeSeq: number | undefined, limit: number): { messages: ChatMessage[]; hasMore: boolean } {
    const visible = this.#messages.filter(
      (message) =>
        (beforeSeq === undefined || message.seq < beforeSeq) &&
        (message.to === undefined || message.to === peerId || message.fromPeerId === peerId),
    );
    return { messages: visible.slice(-limit), hasMore: visible.length > limit };
  }
}
