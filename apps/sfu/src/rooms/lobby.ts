import { randomUUID } from 'node:crypto';
import type { LobbyEntry } from '@huddle/shared';
import { HuddleError, notFound } from '../errors.js';
import type { NotificationSink } from './types.js';

type Waiting = { entry: LobbyEntry; admit: () => void; refuse: (error: HuddleError) => void };

/**
 * A room's waiting list. A joiner waits here until a moderator admits it (its `join` goes on) or denies it
 * (its `join` fails with LOBBY_DENIED); closing its socket or the room ends the wait too.
 */
export class Lobby {
  readonly #waiting = new Map<string, Waiting>();
  readonly #onChange: () => void;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  get size(): number {
    return this.#waiting.size;
  }

  list(): LobbyEntry[] {
    return [...this.#waiting.values()].map(({ entry }) => entry);
  }

  wait(
    who: { displayName: string; identity: string | null },
    sink: NotificationSink,
    signal: AbortSignal,
  ): Promise<void> {
    const entry: LobbyEntry = {
      lobbyId: randomUUID(),
      displayName: who.displayName,
      identity: who.identity,
      requestedAt: Date.now(),
    };
    return new Promise<void>((resolve, reject) => {
      const leave = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.#waiting.delete(entry.lobbyId);
        this.#onChange();
      };
      const onAbort = (): void => {
        leave();
        reject(new HuddleError('CONNECTION_CLOSED', 'stopped waiting in the lobby'));
      };
      if (signal.aborted) {
        reject(new HuddleError('CONNECTION_CLOSED', 'the connection closed'));
        return;
      }
      signal.addEventListener('abort', onAbort);
      this.#waiting.set(entry.lobbyId, {
        entry,
        admit: () => {
          leave();
          resolve();
        },
        refuse: (error) => {
          leave();
          reject(error);
        },
      });
      sink.notify('lobbyWaiting', { lobbyId: entry.lobbyId });
      this.#onChange();
    });
  }

  admit(lobbyId: string): void {
    this.#get(lobbyId).admit();
  }

  deny(lobbyId: string): void {
    this.#get(lobbyId).refuse(new HuddleError('LOBBY_DENIED', 'a moderator did not let you in'));
  }

  /** The room is closing: everyone waiting is turned away. */
  closeAll(): void {
    for (const waiting of [...this.#waiting.values()]) {
      waiting.refuse(new HuddleError('LOBBY_DENIED', 'the room closed while you were waiting'));
    }
  }

  #get(lobbyId: string): Waiting {
    const waiting = this.#waiting.get(lobbyId);
    if (!waiting) throw notFound('lobby entry', lobbyId);
    return waiting;
  }
}
