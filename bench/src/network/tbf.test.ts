import { describe, expect, it } from 'vitest';
import { TBF_LATENCY_MS, tbfArgs, tbfBurstBytes } from './tbf.js';

describe('tbfArgs', () => {
  it('caps a link at the rate in bit/s, with a 20 ms bucket and the queue latency', () => {
    expect(tbfArgs('hbn-host', 2000)).toEqual(
      `qdisc replace dev hbn-host root tbf rate 2000000bit burst 5000 latency ${TBF_LATENCY_MS}ms`.split(' '),
    );
  });

  it('never makes the bucket smaller than two full-size packets', () => {
    expect(tbfBurstBytes(250)).toBe(3028);
    expect(tbfBurstBytes(10_000)).toBe(25_000);
  });

  it('refuses rates tbf cannot take', () => {
    for (const rate of [0, 4, -100, Number.NaN, Number.POSITIVE_INFINITY, 20_000_000]) {
      expect(() => tbfArgs('hbn-host', rate)).toThrow(RangeError);
    }
  });
});
