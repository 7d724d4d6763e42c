import { backoffDelay, type BackoffOptions } from '../signaling/backoff.js';

const RETRIES = 3;
const BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 4_000 };

/**
 * Bounded retries of consumers that could not be made — on the server (`consumeFailed`, after its own retries)
 * or here (mediasoup-client refused the consumer): each producer gets a few more tries, backing off, then the
 * failure stands. A consumer that arrives resets its producer's count.
 */
export class ConsumeRetry {
  readonly #failures = new Map<string, number>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  /** Runs `retry` later unless `producerId` failed too often; false when giving up. */
  schedule(producerId: string, retry: () => void): boolean {
    const failures = (this.#failures.get(producerId) ?? 0) + 1;
    this.#failures.set(producerId, failures);
    if (failures > RETRIES) return false;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        retry();
      },
      backoffDelay(failures - 1, BACKOFF),
    );
    this.#timers.add(timer);
    return true;
  }

  succeeded(producerId: string): void {
    this.#failures.delete(producerId);
  }

  /** Drops every pending retry (the peer they were for is gone). */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#failures.clear();
  }
}
