export type BackoffOptions = {
  /** Delay before the first retry, in ms. */
  initialDelayMs: number;
  /** Cap on the exponential growth, in ms. */
  maxDelayMs: number;
};

/**
 * Exponential backoff with "equal jitter": the capped delay for `attempt` (0-based) is halved, and a random
 * share of the other half is added, so clients that dropped together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const capped = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** attempt);
  return capped / 2 + random() * (capped / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
