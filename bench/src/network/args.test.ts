import { describe, expect, it } from 'vitest';
import { parseNetworkBenchArgs } from './args.js';

describe('parseNetworkBenchArgs', () => {
  it('defaults to the full run', () => {
    expect(parseNetworkBenchArgs([])).toEqual({ quick: false, scenarios: [], dpr: 1, help: false });
  });

  it('takes --quick and repeated --scenario (once each)', () => {
    expect(
      parseNetworkBenchArgs([
        '--quick',
        '--scenario',
        'down-400',
        '--scenario=loss-5',
        '--scenario',
        'down-400',
        '--dpr',
        '2',
      ]),
    ).toEqual({ quick: true, scenarios: ['down-400', 'loss-5'], dpr: 2, help: false });
  });

  it('refuses unknown options, stray arguments and an empty scenario name', () => {
    expect(() => parseNetworkBenchArgs(['--fast'])).toThrow(/--fast/);
    expect(() => parseNetworkBenchArgs(['down-400'])).toThrow(/unexpected argument "down-400"/);
    expect(() => parseNetworkBenchArgs(['--scenario', ' '])).toThrow(/--scenario needs a name/);
    expect(() => parseNetworkBenchArgs(['--scenario'])).toThrow(/--scenario/);
    expect(() => parseNetworkBenchArgs(['--dpr', '1.5'])).toThrow(/--dpr takes 1 or 2/);
  });
});
