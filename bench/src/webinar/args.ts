/** Command line of `npm run bench:webinar`. */
export type WebinarArgs = {
  quick: boolean;
  quota: number | undefined;
  step: number | undefined;
  periodMs: number | undefined;
};

export const WEBINAR_USAGE =
  'usage: npm run bench:webinar [-- --quick] [--quota <share of a core per worker, e.g. 0.08>] [--step <viewers>] [--period-ms <CFS period, 1–1000>]';

function positive(name: string, value: string | undefined, max: number): number {
  const number = Number(value);
  if (value === undefined || !Number.isFinite(number) || number <= 0 || number > max) {
    throw new Error(`${name} needs a number in (0, ${max}], got ${value ?? 'nothing'}\n${WEBINAR_USAGE}`);
  }
  return number;
}

export function parseWebinarArgs(argv: readonly string[]): WebinarArgs {
  const args: WebinarArgs = { quick: false, quota: undefined, step: undefined, periodMs: undefined };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') continue;
    if (arg === '--quick') args.quick = true;
    else if (arg === '--quota') args.quota = positive('--quota', argv[++index], 1);
    else if (arg === '--period-ms')
      args.periodMs = Math.max(1, Math.round(positive('--period-ms', argv[++index], 1000)));
    else if (arg === '--step') args.step = Math.round(positive('--step', argv[++index], 500));
    else throw new Error(`unknown argument ${arg}\n${WEBINAR_USAGE}`);
  }
  return args;
}
