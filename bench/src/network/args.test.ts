import { describe, expect, it } from 'vitest';
import { parseNetworkBenchArgs } from './args.js';

describe('parseNetworkBenchArgs', () => {
  it('defaults to the full run', () => {
    expect(parseNetworkBenchArgs([])).toEqual({ quick: false, scenarios: [], help: false });
  });

  it('takes --quick and repeated --scenario (once each)', () => {
    expect(
      parseNetworkBenchArgs(['--quick', '--scenario', 'down-400', '--scenario=loss-5', '--scenario', 'down-400']),
    ).toEqual({ quick: true, scenarios: ['down-400', 'loss-5'], help: false });
  });

  it('refuses unknown options, stray arguments and an empty scenario name', () => {
    expect(() => parseNetworkBenchArgs(['--fast'])).toThrow(/--fast/);
    expect(() => parseNetworkBenchArgs(['down-400'])).toThrow(/unexpected argument "down-400"/);
    expect(() => parseNetworkBenchArgs(['--scenario', ' '])).toThrow(/--scenario needs a name/);
    expect(() => parseNetworkBenchArgs(['--scenario'])).toThrow(/--scenario/);
  });
});
