import { describe, expect, it } from 'vitest';
import { udpReceiveBufferDrops } from './udpDrops.js';

describe('udpReceiveBufferDrops', () => {
  it("reads this process's namespace counter, and nothing for a process that does not exist", () => {
    expect(udpReceiveBufferDrops(process.pid)).toBeGreaterThanOrEqual(0);
    expect(udpReceiveBufferDrops(2 ** 22 + 1)).toBeUndefined();
  });
});
