export type WaitOptions = {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Poll this often (default 100 ms). */
  intervalMs?: number;
  /** What is being waited for, for the failure message. */
  description?: string;
};

/** Thrown when a wait times out: says what was awaited, for how long, and what was last seen. */
export class WaitTimeout extends Error {}

/**
 * Polls `check` until it returns a value other than `undefined`/`false` and resolves with it. `check` may throw
 * while the condition does not hold; at the deadline the last such error (or `describe()`) explains the failure.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions & { describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.description ?? 'condition';
      const last =
        lastError instanceof Error ? lastError.message : options.describe ? options.describe() : 'it never held';
      throw new WaitTimeout(`timed out after ${timeoutMs} ms waiting for ${what}: ${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
