import type { ChatMessage } from '@huddle/shared';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import { RateLimiter } from '../signaling/rateLimiter.js';
import type { ChatPage } from '../store/chatStore.js';
import type { ChatLog } from './chatLog.js';
import type { LocalEvent } from './link.js';
import type { Peer } from './peer.js';

/** What chat needs of its room. */
export interface ChatHost {
  members(): Iterable<Peer>;
  allowsChat(): boolean;
  /** Whether the peer is in the meeting, on this node or another. */
  hasPeer(peerId: string): boolean;
  publish(event: LocalEvent): void;
}

/**
 * Sending and reading a call's chat: the room's chat switch, private messages to one other participant, and
 * a per-participant rate (`chat.messagesPerMinute`, RATE_LIMITED past it).
 */
export class RoomChat {
  readonly #log: ChatLog;
  readonly #host: ChatHost;
  readonly #perMinute: number;
  readonly #limiters = new WeakMap<Peer, RateLimiter>();

  constructor(log: ChatLog, host: ChatHost, config: Config['chat']) {
    this.#log = log;
    this.#host = host;
    this.#perMinute = config.messagesPerMinute;
  }

  async send(peer: Peer, text: string, to: string | undefined): Promise<ChatMessage> {
    if (!this.#host.allowsChat()) throw new HuddleError('FORBIDDEN', 'chat is turned off in this room');
    if (to !== undefined && (to === peer.id || !this.#host.hasPeer(to))) {
      throw new HuddleError('NOT_FOUND', `no other participant ${to} in this room`);
    }
    if (!this.#limiter(peer).take()) {
      throw new HuddleError('RATE_LIMITED', `at most ${this.#perMinute} chat messages a minute; wait a moment`);
    }
    const message = await this.#log.add(peer, text, to);
    this.deliver(message);
    if (to !== undefined) peer.notify('chatReceived', { message });
    this.#host.publish({ kind: 'chat', message });
    return message;
  }

  /** Hands a message (sent here or on another node) to whom it concerns on this node. */
  deliver(message: ChatMessage): void {
    for (const member of this.#host.members()) {
      if (message.to === undefined || member.id === message.to) member.notify('chatReceived', { message });
    }
  }

  history(peer: Peer, beforeSeq: number | undefined, limit: number): Promise<ChatPage> {
    return this.#log.history(peer.id, beforeSeq, limit);
  }

  clear(): Promise<void> {
    return this.#log.clear();
  }

  #limiter(peer: Peer): RateLimiter {
    let limiter = this.#limiters.get(peer);
    if (!limiter) {
      limiter = new RateLimiter(this.#perMinute / 60, this.#perMinute);
      this.#limiters.set(peer, limiter);
    }
    return limiter;
  }
}
