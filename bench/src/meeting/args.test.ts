import { describe, expect, it } from 'vitest';
import { parseMeetingArgs } from './args.js';

describe('parseMeetingArgs', () => {
  it('reads quick, quota, sizes (sorted, unique), only and the CFS period', () => {
    expect(
      parseMeetingArgs([
        '--',
        '--quick',
        '--quota',
        '0.3',
        '--sizes',
        '10,5,10',
        '--only',
        'janus',
        '--period-ms',
        '100',
      ]),
    ).toEqual({ quick: true, quota: 0.3, sizes: [5, 10], only: 'janus', periodMs: 100 });
  });

  it('refuses what it cannot use, with the usage', () => {
    expect(() => parseMeetingArgs(['--quota', '0'])).toThrow(/usage/);
    expect(() => parseMeetingArgs(['--sizes', '1,5'])).toThrow(/sizes/);
    expect(() => parseMeetingArgs(['--only', 'galene'])).toThrow(/huddle or janus/);
    expect(() => parseMeetingArgs(['--fast'])).toThrow(/unknown argument --fast/);
    expect(() => parseMeetingArgs(['--period-ms', '0.5'])).toThrow(/--period-ms/);
  });
});
