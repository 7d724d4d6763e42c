import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './loginThrottle.js';

describe('LoginThrottle', () => {
  it('locks a key out after five failures, doubling the wait with each further failure', () => {
    const throttle = new LoginThrottle();
    const keys = ['ip:1', 'user:admin'];
    for (let attempt = 0; attempt < 5; attempt += 1) throttle.fail(keys, 0);
    expect(throttle.retryAfterMs(keys, 0)).toBe(0);
    throttle.fail(keys, 0);
    expect(throttle.retryAfterMs(keys, 0)).toBe(1_000);
    throttle.fail(keys, 1_000);
    expect(throttle.retryAfterMs(keys, 1_000)).toBe(2_000);
    expect(throttle.retryAfterMs(['user:admin'], 1_000)).toBe(2_000);
    expect(throttle.retryAfterMs(['ip:2'], 1_000)).toBe(0);
    throttle.succeed(keys);
    expect(throttle.retryAfterMs(keys, 1_000)).toBe(0);
  });
});
