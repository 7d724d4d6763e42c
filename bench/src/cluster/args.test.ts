import { describe, expect, it } from 'vitest';
import { parseClusterBenchArgs } from './args.js';

describe('parseClusterBenchArgs', () => {
  it('defaults to both phases, 20 subscribers, 0.065 core per node, +2 per step', () => {
    expect(parseClusterBenchArgs([])).toEqual({
      quick: false,
      phases: ['hop', 'capacity'],
      subscribers: 20,
      quota: 0.065,
      step: 2,
      help: false,
    });
  });

  it('takes --quick (fewer subscribers), --only and the numbers', () => {
    expect(parseClusterBenchArgs(['--quick', '--only', 'hop'])).toMatchObject({
      quick: true,
      phases: ['hop'],
      subscribers: 6,
    });
    expect(
      parseClusterBenchArgs(['--only=capacity', '--quota', '0.15', '--step', '5', '--subscribers', '40']),
    ).toMatchObject({ phases: ['capacity'], quota: 0.15, step: 5, subscribers: 40 });
  });

  it('refuses what cannot run, saying why', () => {
    expect(() => parseClusterBenchArgs(['--only', 'knee'])).toThrow(/--only must be "hop" or "capacity"/);
    expect(() => parseClusterBenchArgs(['--quota', '1'])).toThrow(
      /--quota must be a share of one core from 0.02 to 0.5/,
    );
    expect(() => parseClusterBenchArgs(['--quota', 'lots'])).toThrow(/--quota/);
    expect(() => parseClusterBenchArgs(['--subscribers', '2.5'])).toThrow(/--subscribers must be a whole number/);
    expect(() => parseClusterBenchArgs(['--step', '0'])).toThrow(/--step must be a whole number from 1 to 50/);
    expect(() => parseClusterBenchArgs(['--fast'])).toThrow(/--fast/);
    expect(() => parseClusterBenchArgs(['hop'])).toThrow(/unexpected argument "hop"/);
  });
});
