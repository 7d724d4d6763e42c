import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench:network [-- [--quick] [--scenario NAME]...]

  --quick          short windows and a subset of the scenarios (results in bench/results/quick/)
  --scenario NAME  run only this scenario (repeatable; results in bench/results/partial/)
  --help           this text`;

export type NetworkBenchArgs = { quick: boolean; scenarios: string[]; help: boolean };

/** Parses the command line; throws a TypeError whose message says what is wrong (show it with USAGE). */
export function parseNetworkBenchArgs(argv: readonly string[]): NetworkBenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      scenario: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new TypeError(`unexpected argument "${positionals[0]}"`);
  const scenarios = values.scenario.map((name) => name.trim());
  const empty = scenarios.find((name) => name === '');
  if (empty !== undefined) throw new TypeError('--scenario needs a name');
  return { quick: values.quick, scenarios: [...new Set(scenarios)], help: values.help };
}
