import { waitFor } from '@huddle/testkit';

/** Polls until `check` passes (it throws while it does not), or throws its last error at the deadline. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const { value } = await waitFor(async () => ({ value: await check() }), { timeoutMs, intervalMs });
  return value;
}
