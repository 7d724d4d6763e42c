import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench:cluster [-- [--quick] [--only hop|capacity] [--subscribers N] [--quota Q] [--step S]]

  --quick          small N, short windows, two capacity steps (results in bench/results/quick/)
  --only PHASE     run only the cross-node hop ("hop") or the 1 → 3 node capacity ("capacity")
  --subscribers N  hop: subscribers on node B (default 20)
  --quota Q        capacity: CPU quota per node, share of one core (default 0.065)
  --step S         capacity: subscribers added to each meeting per step (default 2)
  --help           this text`;

export type Phase = 'hop' | 'capacity';

/**
 * 6.5 % of a core per node: a node then serves about 20 subscribers (~4 % of a core is its own and its
 * publisher's, ~0.12 % each subscriber's), so three nodes (0.2 of a core) and the load generator for ~60
 * subscribers and 3 publishers (~0.65 of a core) fit on this 2-core machine with room left for other work.
 */
export const DEFAULT_QUOTA = 0.065;
export const DEFAULT_STEP = 2;

export type ClusterBenchArgs = {
  quick: boolean;
  phases: Phase[];
  subscribers: number;
  quota: number;
  step: number;
  help: boolean;
};

function integer(value: string, name: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return parsed;
}

/** Parses the command line; throws a TypeError whose message says what is wrong (show it with USAGE). */
export function parseClusterBenchArgs(argv: readonly string[]): ClusterBenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      subscribers: { type: 'string' },
      quota: { type: 'string' },
      step: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new TypeError(`unexpected argument "${positionals[0]}"`);
  const only = values.only;
  if (only !== undefined && only !== 'hop' && only !== 'capacity') {
    throw new TypeError(`--only must be "hop" or "capacity", got "${only}"`);
  }
  const quota = values.quota === undefined ? DEFAULT_QUOTA : Number(values.quota);
  // Three nodes and the load generator share this machine: a node may have at most half a core.
  if (!Number.isFinite(quota) || quota < 0.02 || quota > 0.5) {
    throw new TypeError(`--quota must be a share of one core from 0.02 to 0.5, got "${values.quota}"`);
  }
  return {
    quick: values.quick,
    phases: only === undefined ? ['hop', 'capacity'] : [only],
    subscribers:
      values.subscribers === undefined ? (values.quick ? 6 : 20) : integer(values.subscribers, '--subscribers', 1, 200),
    quota,
    step: values.step === undefined ? DEFAULT_STEP : integer(values.step, '--step', 1, 50),
    help: values.help,
  };
}
