import type { Impairment } from './impairment.js';

/** What a scenario's result is checked against: one measure, compared with a value. */
export type Check = {
  measure:
    'minVideoFps' | 'longestFreezeSeconds' | 'freezeSecondsPer15s' | 'maxConcealmentPercent' | 'secondsToFullLayers';
  op: '>=' | '<' | '<=';
  value: number;
};

type Common = {
  name: string;
  title: string;
  /** Part of `--quick`. */
  quick: boolean;
  /** The targets from issue 13 this scenario is checked against (none: measured only). */
  checks: Check[];
};

/** An impairment held steady: warm-up, one measuring window, then cleared. */
export type SteadyScenario = Common & {
  kind: 'steady';
  impairment: Impairment;
  /**
   * The impaired participant joins again once the impairment is in place (and again after it is cleared): a
   * firewall that blocks UDP, or a relay-only policy, applies to how a call is set up, not to a running one.
   */
  rejoin: boolean;
  /** Only through a TURN relay: skipped unless the SFU's join reply offers ICE servers. */
  relayOnly: boolean;
};

/** A cap that comes mid-call and goes: how long until every remote video is back to its earlier layers. */
export type DropScenario = Common & {
  kind: 'drop-and-recover';
  before: Impairment;
  during: Impairment;
};

export type Scenario = SteadyScenario | DropScenario;

const steady = (
  name: string,
  title: string,
  impairment: Impairment,
  options: Partial<Pick<SteadyScenario, 'quick' | 'checks' | 'rejoin' | 'relayOnly'>> = {},
): SteadyScenario => ({
  kind: 'steady',
  name,
  title,
  impairment,
  quick: options.quick ?? false,
  checks: options.checks ?? [],
  rejoin: options.rejoin ?? false,
  relayOnly: options.relayOnly ?? false,
});

/** The scenarios, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  steady('baseline', 'No impairment', {}, { quick: true }),
  steady('down-1000', 'Downlink capped at 1 Mbit/s', { downKbps: 1000 }),
  steady('down-600', 'Downlink capped at 600 kbit/s', { downKbps: 600 }),
  steady(
    'down-400',
    'Downlink capped at 400 kbit/s',
    { downKbps: 400 },
    {
      quick: true,
      checks: [
        { measure: 'minVideoFps', op: '>=', value: 15 },
        { measure: 'longestFreezeSeconds', op: '<=', value: 0.5 },
        { measure: 'maxConcealmentPercent', op: '<', value: 1 },
      ],
    },
  ),
  steady(
    'down-250',
    'Downlink capped at 250 kbit/s',
    { downKbps: 250 },
    {
      checks: [
        { measure: 'minVideoFps', op: '>=', value: 10 },
        { measure: 'maxConcealmentPercent', op: '<', value: 1 },
      ],
    },
  ),
  steady('up-300', 'Uplink capped at 300 kbit/s', { upKbps: 300 }, { quick: true }),
  steady('loss-2', '2 % random UDP loss both ways', { lossPercent: 2 }),
  steady(
    'loss-5',
    '5 % random UDP loss both ways',
    { lossPercent: 5 },
    {
      quick: true,
      checks: [
        { measure: 'freezeSecondsPer15s', op: '<=', value: 1 },
        { measure: 'maxConcealmentPercent', op: '<=', value: 2 },
      ],
    },
  ),
  steady('loss-10', '10 % random UDP loss both ways', { lossPercent: 10 }),
  steady('udp-blocked', 'UDP blocked: media over ICE-TCP', { blockUdp: true }, { quick: true, rejoin: true }),
  {
    kind: 'drop-and-recover',
    name: 'drop-and-recover',
    title: 'Downlink 2 Mbit/s → 300 kbit/s mid-call → uncapped',
    before: { downKbps: 2000 },
    during: { downKbps: 300 },
    quick: true,
    checks: [{ measure: 'secondsToFullLayers', op: '<=', value: 10 }],
  },
  steady('relay-only', 'Relay only: every packet through TURN', {}, { quick: true, rejoin: true, relayOnly: true }),
];

/** The scenarios a run asks for: the named ones (in table order), else all, or the quick subset. */
export function selectScenarios(names: readonly string[], quick: boolean): Scenario[] {
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown scenario ${unknown.map((name) => `"${name}"`).join(', ')}; the scenarios are: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}`,
    );
  }
  if (names.length > 0) return SCENARIOS.filter((scenario) => names.includes(scenario.name));
  return SCENARIOS.filter((scenario) => !quick || scenario.quick);
}

/** "every remote video ≥ 15 fps" — a check in words. */
export function describeCheck(check: Check): string {
  const op = { '>=': '≥', '<': '<', '<=': '≤' }[check.op];
  switch (check.measure) {
    case 'minVideoFps':
      return `every remote video ${op} ${check.value} fps`;
    case 'longestFreezeSeconds':
      return `no freeze over ${check.value} s`;
    case 'freezeSecondsPer15s':
      return `freezes ${op} ${check.value} s per 15 s per remote video`;
    case 'maxConcealmentPercent':
      return `audio concealment ${op} ${check.value} %`;
    case 'secondsToFullLayers':
      return `back to full layers ${op} ${check.value} s after the cap is lifted`;
  }
}

/** Every rate cap the scenarios set, once each: what to check before the call starts. */
export function capsOf(scenarios: readonly Scenario[]): { direction: 'down' | 'up'; kbps: number }[] {
  const impairments = scenarios.flatMap((scenario) =>
    scenario.kind === 'steady' ? [scenario.impairment] : [scenario.before, scenario.during],
  );
  const caps = new Map<string, { direction: 'down' | 'up'; kbps: number }>();
  for (const impairment of impairments) {
    if (impairment.downKbps !== undefined) {
      caps.set(`down ${impairment.downKbps}`, { direction: 'down', kbps: impairment.downKbps });
    }
    if (impairment.upKbps !== undefined)
      caps.set(`up ${impairment.upKbps}`, { direction: 'up', kbps: impairment.upKbps });
  }
  return [...caps.values()];
}
