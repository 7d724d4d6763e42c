import { progress } from '../progress.js';
import { analyzeWindow, namesByPeerId } from './analyzeWindow.js';
import { REMOTES, type NetworkCall } from './call.js';
import { describeImpairment } from './impairment.js';
import { layerReference, secondsToFullLayers, timeline, videoTicks, type LayerReference } from './recovery.js';
import type { ScenarioResult, WindowResult } from './results.js';
import { samplePages, sampleWindow } from './sampler.js';
import type { DropScenario, Scenario, SteadyScenario } from './scenarios.js';
import type { Snapshot } from './snapshot.js';
import { evaluateChecks } from './targets.js';

export type Timing = {
  /** After joining: wait until the layers stop growing for rampQuietMs (at most rampMaxMs). */
  rampQuietMs: number;
  rampMaxMs: number;
  warmUpMs: number;
  windowMs: number;
  /** After an impairment is cleared, wait at least this long and at most the max for the reference layers. */
  settleMinMs: number;
  settleMaxMs: number;
  /** Drop-and-recover: the window before the cap, under the cap, and how long to watch after it is lifted. */
  dropBeforeMs: number;
  dropDuringMs: number;
  dropObserveMs: number;
};

export const FULL_TIMING: Timing = {
  rampQuietMs: 15_000,
  rampMaxMs: 90_000,
  warmUpMs: 5_000,
  windowMs: 15_000,
  settleMinMs: 3_000,
  settleMaxMs: 30_000,
  dropBeforeMs: 8_000,
  dropDuringMs: 20_000,
  dropObserveMs: 30_000,
};

export const QUICK_TIMING: Timing = {
  rampQuietMs: 6_000,
  rampMaxMs: 30_000,
  warmUpMs: 3_000,
  windowMs: 6_000,
  settleMinMs: 2_000,
  settleMaxMs: 10_000,
  dropBeforeMs: 5_000,
  dropDuringMs: 8_000,
  dropObserveMs: 15_000,
};

export type RunContext = {
  call: NetworkCall;
  timing: Timing;
  /** Each remote video's layers at the impaired participant before any impairment. */
  reference: LayerReference;
  /** Whether the SFU's join reply offers ICE servers (TURN). */
  iceServersOffered: boolean;
};

export const TURN_UNAVAILABLE = 'TURN not available in this build';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one scenario and leaves the link unimpaired and the call back at its reference layers (or says not). */
export async function runScenario(scenario: Scenario, context: RunContext): Promise<ScenarioResult> {
  if (scenario.kind === 'steady' && scenario.relayOnly && !context.iceServersOffered) {
    return { ...heading(scenario), status: 'skipped', reason: TURN_UNAVAILABLE, checks: [] };
  }
  const result = scenario.kind === 'steady' ? await runSteady(scenario, context) : await runDrop(scenario, context);
  const recoveredAfterSeconds = await settle(context);
  return { ...result, ...(recoveredAfterSeconds === undefined ? {} : { recoveredAfterSeconds }) };
}

function heading(scenario: Scenario): Pick<ScenarioResult, 'name' | 'title' | 'impairment'> {
  const impairment =
    scenario.kind === 'steady'
      ? describeImpairment(scenario.impairment) + (scenario.relayOnly ? ', relay only' : '')
      : `${describeImpairment(scenario.before)} → ${describeImpairment(scenario.during)} → none`;
  return { name: scenario.name, title: scenario.title, impairment };
}

async function measure(context: RunContext, durationMs: number): Promise<WindowResult> {
  return analyzeWindow(await sampleWindow(context.call, durationMs));
}

async function runSteady(scenario: SteadyScenario, context: RunContext): Promise<ScenarioResult> {
  const { call, timing } = context;
  try {
    await call.shaper.apply(scenario.impairment);
    if (scenario.rejoin) await call.rejoinImpaired(scenario.relayOnly ? 'relay' : undefined);
    await sleep(timing.warmUpMs);
    const window = await measure(context, timing.windowMs);
    const checks = evaluateChecks(scenario.checks, {
      videos: window.received.videos,
      audio: window.received.audio,
      expectedRemotes: REMOTES,
    });
    return { ...heading(scenario), status: 'ran', window, checks };
  } finally {
    await restore(context, scenario.rejoin);
  }
}

async function runDrop(scenario: DropScenario, context: RunContext): Promise<ScenarioResult> {
  const { call, timing } = context;
  try {
    await call.shaper.apply(scenario.before);
    await sleep(timing.warmUpMs);
    const beforeSamples = await sampleWindow(call, timing.dropBeforeMs);
    const before = analyzeWindow(beforeSamples);
    const impairedBefore = beforeSamples.pages.find((page) => page.impaired)?.snapshots ?? [];
    const reference = layerReference(videoTicks(impairedBefore));
    if (reference.size < REMOTES) {
      throw new Error(`only ${reference.size} of ${REMOTES} remote videos decoded before the cap`);
    }
    await call.shaper.apply(scenario.during);
    const window = await measure(context, timing.dropDuringMs);
    await call.shaper.clear();
    const liftedAt = Date.now();
    progress('impairment', { set: 'none', note: 'cap lifted, watching the layers come back' });
    const [watched] = await samplePages(
      [{ page: call.impaired, impaired: true }],
      timing.dropObserveMs,
      ([page]) => backAt(reference, page?.snapshots ?? [], liftedAt) !== undefined,
    );
    const seconds = backAt(reference, watched?.snapshots ?? [], liftedAt);
    const names = namesByPeerId(beforeSamples.pages);
    const from = (peerId: string): string => names.get(peerId) ?? 'unknown';
    const recovery = {
      target: [...reference].map(([peerId, layers]) => ({ from: from(peerId), ...layers })),
      afterLift: timeline(videoTicks(watched?.snapshots ?? []), liftedAt).map((row) => ({
        seconds: row.seconds,
        videos: row.videos.map(({ peerId, width, fps }) => ({ from: from(peerId), width, fps })),
      })),
    };
    const checks = evaluateChecks(scenario.checks, {
      videos: window.received.videos,
      audio: window.received.audio,
      expectedRemotes: REMOTES,
      ...(seconds === undefined ? {} : { secondsToFullLayers: seconds }),
    });
    return {
      ...heading(scenario),
      status: 'ran',
      before,
      window,
      ...(seconds === undefined ? {} : { secondsToFullLayers: seconds }),
      recovery,
      checks,
    };
  } finally {
    await restore(context, false);
  }
}

function backAt(reference: LayerReference, snapshots: readonly Snapshot[], since: number): number | undefined {
  return secondsToFullLayers(reference, videoTicks(snapshots), since);
}

/** Clears the impairment and, if the impaired participant joined under it, has it join again normally. */
async function restore(context: RunContext, rejoin: boolean): Promise<void> {
  await context.call.shaper.clear();
  if (rejoin) await context.call.rejoinImpaired();
}

/**
 * Waits for the call to get back to its reference layers before the next scenario (at least settleMinMs):
 * seconds it took, or undefined if it did not within settleMaxMs.
 */
async function settle(context: RunContext): Promise<number | undefined> {
  const { call, timing, reference } = context;
  const since = Date.now();
  await sleep(timing.settleMinMs);
  const [watched] = await samplePages(
    [{ page: call.impaired, impaired: true }],
    timing.settleMaxMs - timing.settleMinMs,
    ([page]) => backAt(reference, page?.snapshots ?? [], since) !== undefined,
  );
  const seconds = backAt(reference, watched?.snapshots ?? [], since);
  progress('settled', {
    seconds: seconds === undefined ? `not within ${timing.settleMaxMs / 1000}` : seconds.toFixed(1),
  });
  return seconds;
}
