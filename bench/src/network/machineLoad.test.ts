import { describe, expect, it } from 'vitest';
import { busyPercent, parseCpuTimes } from './machineLoad.js';

const stat = (user: number, idle: number, iowait = 0) =>
  `cpu  ${user} 0 ${user / 2} ${idle} ${iowait} 0 10 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 123\n`;

describe('machine load', () => {
  it('counts idle and iowait as idle and the rest as busy', () => {
    expect(parseCpuTimes(stat(100, 1000, 40))).toEqual({ busy: 160, total: 1200 });
  });

  it('gives the busy share of all cores between two readings', () => {
    expect(busyPercent(parseCpuTimes(stat(100, 1000)), parseCpuTimes(stat(400, 1100)))).toBeCloseTo(81.8, 1);
    expect(busyPercent({ busy: 5, total: 10 }, { busy: 5, total: 10 })).toBe(0);
  });

  it('refuses text without a cpu line', () => {
    expect(() => parseCpuTimes('intr 1\n')).toThrow(/no "cpu" line/);
  });
});
