/** Event name → the arguments its listeners receive. */
export type EventMap = { [event: string]: unknown[] };

type Listener<Args extends unknown[]> = (...args: Args) => void;
type ListenerSets<E extends EventMap> = { [K in keyof E]?: Set<Listener<E[K]>> };

/**
 * A minimal typed event emitter. A listener that throws does not stop the others: its error is reported to
 * the page's global error handler (`reportError`) instead of unwinding into the emitter's caller.
 */
export class TypedEmitter<E extends EventMap> {
  readonly #listeners: ListenerSets<E> = {};

  /** Adds a listener; returns the function that removes it. */
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
        reportError(error);
      }
    }
  }
}
