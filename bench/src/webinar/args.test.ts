import { describe, expect, it } from 'vitest';
import { parseWebinarArgs } from './args.js';

describe('parseWebinarArgs', () => {
  it('reads --quick, --quota, --step and --period-ms', () => {
    expect(parseWebinarArgs(['--', '--quick', '--quota', '0.1', '--step', '20', '--period-ms', '100'])).toEqual({
      quick: true,
      quota: 0.1,
      step: 20,
      periodMs: 100,
    });
    expect(parseWebinarArgs([])).toEqual({ quick: false, quota: undefined, step: undefined, periodMs: undefined });
  });

  it('refuses what it cannot use, with the usage', () => {
    expect(() => parseWebinarArgs(['--quota', '2'])).toThrow(/usage/);
    expect(() => parseWebinarArgs(['--step'])).toThrow(/--step needs a number/);
    expect(() => parseWebinarArgs(['--period-ms', '2000'])).toThrow(/--period-ms needs a number/);
    expect(() => parseWebinarArgs(['--viewers', '5'])).toThrow(/unknown argument --viewers/);
  });
});
