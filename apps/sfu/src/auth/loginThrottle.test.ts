import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './loginThrottle.js';

describe('LoginThrottle', () => {
  it('locks an (address, username) pair out after five failures, doubling the wait with each further failure', () => {
    const throttle = new LoginThrottle();
    for (let attempt = 0; attempt < 5; attempt += 1) throttle.fail('10.0.0.1', 'admin', 0);
    expect(throttle.retryAfterMs('10.0.0.1', 'admin', 0)).toBe(0);
    throttle.fail('10.0.0.1', 'admin', 0);
    expect(throttle.retryAfterMs('10.0.0.1', 'admin', 0)).toBe(1_000);
    throttle.fail('10.0.0.1', 'admin', 1_000);
    expect(throttle.retryAfterMs('10.0.0.1', 'admin', 1_000)).toBe(2_000);
    throttle.succeed('10.0.0.1', 'admin');
    expect(throttle.retryAfterMs('10.0.0.1', 'admin', 1_000)).toBe(0);
  });

  it('never locks the admin out from another address', () => {
    const throttle = new LoginThrottle();
    for (let attempt = 0; attempt < 20; attempt += 1) throttle.fail('203.0.113.9', 'admin', 0);
    expect(throttle.retryAfterMs('203.0.113.9', 'admin', 0)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('10.0.0.1', 'admin', 0)).toBe(0);
  });

  it('remembers a bounded number of pairs, forgetting the oldest failure first', () => {
    const throttle = new LoginThrottle();
    for (let index = 0; index < 10_050; index += 1) throttle.fail(`10.0.${index >> 8}.${index & 255}`, 'admin', index);
    expect(throttle.size).toBe(10_000);
    throttle.fail('10.0.0.0', 'admin', 20_000);
    expect(throttle.size).toBe(10_000);
  });
});
