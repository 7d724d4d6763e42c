/** Command line of `npm run bench:meeting`. */
export type MeetingArgs = {
  quick: boolean;
  quota: number | undefined;
  sizes: number[] | undefined;
  only: 'huddle' | 'janus' | undefined;
  /** CFS period of the quotas, ms (default 25: as bench:webinar). */
  periodMs: number | undefined;
};

export const MEETING_USAGE =
  'usage: npm run bench:meeting [-- --quick] [--quota <share of a core, e.g. 0.5>] [--sizes 5,10,20] [--only huddle|janus] [--period-ms <CFS period, 1–1000>]';

function fail(message: string): never {
  throw new Error(`${message}\n${MEETING_USAGE}`);
}

export function parseMeetingArgs(argv: readonly string[]): MeetingArgs {
  const args: MeetingArgs = { quick: false, quota: undefined, sizes: undefined, only: undefined, periodMs: undefined };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') continue;
    if (arg === '--quick') args.quick = true;
    else if (arg === '--quota') {
      const value = Number(argv[++index]);
      if (!Number.isFinite(value) || value <= 0 || value > 2) fail('--quota needs a share of a core in (0, 2]');
      args.quota = value;
    } else if (arg === '--sizes') {
      const sizes = (argv[++index] ?? '').split(',').map(Number);
      if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size < 2 || size > 200)) {
        fail('--sizes needs a comma-separated list of meeting sizes from 2 to 200');
      }
      args.sizes = [...new Set(sizes)].sort((a, b) => a - b);
    } else if (arg === '--only') {
      const value = argv[++index];
      if (value !== 'huddle' && value !== 'janus') fail('--only takes huddle or janus');
      args.only = value;
    } else if (arg === '--period-ms') {
      const value = Number(argv[++index]);
      if (!Number.isInteger(value) || value < 1 || value > 1000)
        fail('--period-ms needs whole milliseconds from 1 to 1000');
      args.periodMs = value;
    } else fail(`unknown argument ${arg ?? ''}`);
  }
  return args;
}
