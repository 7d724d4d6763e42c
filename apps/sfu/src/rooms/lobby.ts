import { randomUUID } from 'node:crypto';
import type { LobbyEntry } from '@huddle/shared';
import { HuddleError, notFound } from '../errors.js';
import type { NotificationSink } from './types.js';

type Waiting = { entry: LobbyEntry; admit: () => void; refuse: (error: HuddleError) => void };
export type LobbyLimits = { maxWaiting: number; maxWaitSeconds: number };

/**
 * A room's waiting list. A joiner waits here until a moderator admits it (its `join` goes on) or denies it
 * (LOBBY_DENIED); the wait also ends when its socket or the room closes, or after `maxWaitSeconds`
 * (LOBBY_TIMEOUT). At most `maxWaiting` wait at once (LOBBY_FULL).
 */
export class Lobby {
  readonly #waiting = new Map<string, Waiting>();
  readonly #limits: LobbyLimits;
  readonly #onChange: () => void;

  constructor(limits: LobbyLimits, onChange: () => void) {
    this.#limits = limits;
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
    sink: Pick<NotificationSink, 'notify'>,
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) return Promise.reject(new HuddleError('CONNECTION_CLOSED', 'the connection closed'));
    const { maxWaiting, maxWaitSeconds } = this.#limits;
    if (this.#waiting.size >= maxWaiting) {
      return Promise.reject(
        new HuddleError('LOBBY_FULL', `${maxWaiting} people wait in this lobby already; try again later`),
      );
    }
    const entry: LobbyEntry = {
      lobbyId: randomUUID(),
      displayName: who.displayName,
      identity: who.identity,
      requestedAt: Date.now(),
    };
    return new Promise<void>((resolve, reject) => {
      const end = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiting.delete(entry.lobbyId);
        this.#onChange();
      };
      const refuse = (error: HuddleError): void => {
        end();
        reject(error);
      };
      const onAbort = (): void => refuse(new HuddleError('CONNECTION_CLOSED', 'stopped waiting in the lobby'));
      const timer = setTimeout(() => {
        refuse(new HuddleError('LOBBY_TIMEOUT', `nobody let you in within ${maxWaitSeconds} s; try again later`));
      }, maxWaitSeconds * 1000);
      signal.addEventListener('abort', onAbort);
      this.#waiting.set(entry.lobbyId, {
        entry,
        admit: () => {
          end();
          resolve();
        },
        refuse,
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
