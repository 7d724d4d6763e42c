/** Failures allowed before a lockout starts; each failure past them doubles the lockout. */
const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 1_000;
const MAX_LOCK_MS = 15 * 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_MS = 60 * 60_000;

type Record = { failures: number; lockedUntil: number; lastFailure: number };

/**
 * Brute-force protection for the admin login: failures are counted per client address and per username,
 * and after FREE_ATTEMPTS each further failure locks that key out for 1 s, 2 s, 4 s … up to 15 min.
 */
export class LoginThrottle {
  readonly #records = new Map<string, Record>();

  /** Milliseconds until any of `keys` may try again (0: now). */
  retryAfterMs(keys: readonly string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const record = this.#records.get(key);
      if (record) wait = Math.max(wait, record.lockedUntil - now);
    }
    return wait;
  }

  fail(keys: readonly string[], now = Date.now()): void {
    this.#forgetStale(now);
    for (const key of keys) {
      const record = this.#records.get(key) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
      record.failures += 1;
      record.lastFailure = now;
      const over = record.failures - FREE_ATTEMPTS;
      if (over > 0) record.lockedUntil = now + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (over - 1));
      this.#records.set(key, record);
    }
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#records.delete(key);
  }

  #forgetStale(now: number): void {
    for (const [key, record] of this.#records) {
      if (now - record.lastFailure > FORGET_MS && record.lockedUntil < now) this.#records.delete(key);
    }
  }
}
