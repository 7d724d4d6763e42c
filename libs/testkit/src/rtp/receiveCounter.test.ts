import { describe, expect, it } from 'vitest';
import { RtpReceiveCounter } from './receiveCounter.js';

function feed(sequenceNumbers: number[], bytes = 100): RtpReceiveCounter {
  const counter = new RtpReceiveCounter();
  for (const sequenceNumber of sequenceNumbers) counter.record(sequenceNumber & 0xffff, bytes);
  return counter;
}

describe('RtpReceiveCounter', () => {
  it('counts packets and payload bytes', () => {
    expect(feed([10, 11, 12]).counts()).toEqual({ packets: 3, bytes: 300, packetsLost: 0 });
    expect(new RtpReceiveCounter().counts()).toEqual({ packets: 0, bytes: 0, packetsLost: 0 });
  });

  it('counts gaps as lost', () => {
    expect(feed([1, 2, 5, 6, 10]).counts().packetsLost).toBe(5);
  });

  it('survives the 16-bit wraparound', () => {
    expect(feed([65533, 65534, 65535, 0, 1, 2]).counts()).toMatchObject({ packets: 6, packetsLost: 0 });
    expect(feed([65534, 1]).counts().packetsLost).toBe(2);
    const long = Array.from({ length: 200_000 }, (_, index) => index + 60_000);
    expect(feed(long).counts()).toMatchObject({ packets: 200_000, packetsLost: 0 });
  });

  it('lets a late packet fill its gap, also across the wraparound and before the first one', () => {
    expect(feed([1, 3, 2]).counts()).toMatchObject({ packets: 3, packetsLost: 0 });
    expect(feed([65534, 1, 65535, 0]).counts()).toMatchObject({ packets: 4, packetsLost: 0 });
    expect(feed([5, 6, 4, 3]).counts()).toMatchObject({ packets: 4, packetsLost: 0 });
  });

  it('ignores duplicates', () => {
    const counter = new RtpReceiveCounter();
    expect(counter.record(7, 100)).toBe(true);
    expect(counter.record(8, 100)).toBe(true);
    expect(counter.record(7, 100)).toBe(false);
    expect(counter.record(8, 100)).toBe(false);
    expect(counter.counts()).toEqual({ packets: 2, bytes: 200, packetsLost: 0 });
  });

  it('does not take a new packet for a duplicate of the one a window earlier', () => {
    const sequence = Array.from({ length: 3_000 }, (_, index) => index);
    expect(feed(sequence).counts()).toMatchObject({ packets: 3_000, packetsLost: 0 });
  });

  it('counts a gap longer than the duplicate window', () => {
    expect(feed([1, 2, 3_000, 3_001]).counts()).toMatchObject({ packets: 4, packetsLost: 2_997 });
  });
});
