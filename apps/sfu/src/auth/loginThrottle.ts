/** Failures allowed before a lockout starts; each failure past them doubles the lockout. */
const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 1_000;
const MAX_LOCK_MS = 15 * 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_MS = 60 * 60_000;
/** At most this many (address, username) pairs are remembered; the oldest failure is forgotten first. */
const MAX_RECORDS = 10_000;

type Record = { failures: number; lockedUntil: number; lastFailure: number };

/**
 * Brute-force protection for the admin login: failures are counted per (client address, username) pair, and
 * after FREE_ATTEMPTS each further failure locks that pair out for 1 s, 2 s, 4 s … up to 15 min. Keying on the
 * pair means nobody can lock the admin out from another address. Memory is bounded: stale pairs are forgotten,
 * and past MAX_RECORDS the one whose last failure is oldest goes.
 */
export class LoginThrottle {
  readonly #records = new Map<string, Record>();

  /** Milliseconds until `address` may try `username` again (0: now). */
  retryAfterMs(address: string, username: string, now = Date.now()): number {
    const record = this.#records.get(key(address, username));
    return record ? Math.max(0, record.lockedUntil - now) : 0;
  }

  fail(address: string, username: string, now = Date.now()): void {
    const id = key(address, username);
    const record = this.#records.get(id) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
    record.failures += 1;
    record.lastFailure = now;
    const over = record.failures - FREE_ATTEMPTS;
    if (over > 0) record.lockedUntil = now + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (over - 1));
    // Re-inserting keeps the map ordered by last failure, oldest first.
    this.#records.delete(id);
    this.#records.set(id, record);
    this.#forget(now);
  }

  succeed(address: string, username: string): void {
    this.#records.delete(key(address, username));
  }

  get size(): number {
    return this.#records.size;
  }

  #forget(now: number): void {
    for (const [id, record] of this.#records) {
      const stale = now - record.lastFailure > FORGET_MS && record.lockedUntil < now;
      if (!stale && this.#records.size <= MAX_RECORDS) return;
      this.#records.delete(id);
    }
  }
}

function key(address: string, username: string): string {
  return `${address}\u0000${username}`;
}
