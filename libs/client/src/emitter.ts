/** Event name → the arguments its listeners receive. */
export type EventMap = { [event: string]: unknown[] };

type Listener<Args extends unknown[]> = (...args: Args) => void;
type ListenerSets<E extends EventMap> = { [K in keyof E]?: Set<Listener<E[K]>> };

/** Listening to a typed event source: what an emitter shows to those who only listen. */
export interface EventSource<E extends EventMap> {
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void;
  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void;
}

/**
 * Hands a listener's error to the host's global error handler: `reportError` in browsers; elsewhere (Node 20 has
 * none) it is rethrown from a microtask, so it surfaces as an uncaught error instead of unwinding into the emitter.
 */
function reportListenerError(error: unknown): void {
  if (typeof globalThis.reportError === 'function') {
    globalThis.reportError(error);
    return;
  }
  queueMicrotask(() => {
    throw error;
  });
}

/** A minimal typed event emitter. A listener that throws does not stop the others (see reportListenerError). */
export class TypedEmitter<E extends EventMap> implements EventSource<E> {
  readonly #listeners: ListenerSets<E> = {};

  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    const listeners = this.#listeners[event] ?? new Set<Listener<E[K]>>();
    listeners.add(listener);
    this.#listeners[event] = listeners;
    return () => this.off(event, listener);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    this.#listeners[event]?.delete(listener);
  }

  protected emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const listeners = this.#listeners[event];
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(...args);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }
}
