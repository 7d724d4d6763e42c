import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './rateLimiter.js';

describe('RateLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows a burst, then refills at the configured rate', () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter(10, 5);
    const burst = Array.from({ length: 7 }, () => limiter.take());
    expect(burst).toEqual([true, true, true, true, true, false, false]);
    vi.advanceTimersByTime(200);
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, false]);
  });
});
