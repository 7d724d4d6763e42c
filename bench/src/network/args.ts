import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench:network [-- [--quick] [--scenario NAME]... [--dpr 1|2]]

  --quick          short windows and a subset of the scenarios (results in bench/results/quick/)
  --scenario NAME  run only this scenario (repeatable; results in bench/results/partial/)
  --dpr 1|2        the pages' device pixel ratio (default 1: tiles of 640 px ask for the 640 px layer;
                   2: a HiDPI laptop, tiles ask for the 1280 px layer, and three Chromiums encoding and
                   decoding 720p saturate a 2-core machine)
  --help           this text`;

export type NetworkBenchArgs = { quick: boolean; scenarios: string[]; dpr: 1 | 2; help: boolean };

/** Parses the command line; throws a TypeError whose message says what is wrong (show it with USAGE). */
export function parseNetworkBenchArgs(argv: readonly string[]): NetworkBenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      scenario: { type: 'string', multiple: true, default: [] },
      dpr: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new TypeError(`unexpected argument "${positionals[0]}"`);
  const scenarios = values.scenario.map((name) => name.trim());
  const empty = scenarios.find((name) => name === '');
  if (empty !== undefined) throw new TypeError('--scenario needs a name');
  if (values.dpr !== '1' && values.dpr !== '2') throw new TypeError(`--dpr takes 1 or 2, not "${values.dpr}"`);
  const dpr = values.dpr === '2' ? 2 : 1;
  return { quick: values.quick, scenarios: [...new Set(scenarios)], dpr, help: values.help };
}
