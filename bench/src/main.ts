// `npm run bench`: Huddle and Janus side by side on this machine; writes bench/results/{report.md,results.json,
// cpu-per-subscriber.svg}. Progress goes to stderr; nothing is left running afterwards, even on failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { HuddleUnderTest } from './huddle/huddleUnderTest.js';
import { JanusUnderTest } from './janus/janusUnderTest.js';
import { runForwarding } from './phases/forwarding.js';
import { runJoinSpeed } from './phases/joinSpeed.js';
import { runKnee, type KneeOptions } from './phases/knee.js';
import { runSignalingLatency } from './phases/signalingLatency.js';
import { progress } from './progress.js';
import { cpuPerSubscriberChart } from './report/chart.js';
import { markdownReport } from './report/markdown.js';
import type { BenchResults } from './report/results.js';
import { cleanLeftovers } from './leftovers.js';
import { runBench } from './benchRun.js';
import { JANUS_NETWORK } from './janus/netns.js';

// `--quick`: a two-minute smoke run of every phase (numbers too rough to quote), for working on the harness.
const QUICK = process.argv.includes('--quick');
const RESULTS_DIR = fileURLToPath(new URL(QUICK ? '../results/quick/' : '../results/', import.meta.url));
const FORWARDING_STEPS = QUICK ? [10, 25] : [10, 25, 50, 100, 200];
const WINDOW_MS = QUICK ? 5_000 : 15_000;
const KNEE: Omit<KneeOptions, 'cpuQuota'> = QUICK
  ? { step: 20, maxReceivers: 40, warmUpMs: 2_000, windowMs: 4_000 }
  : { step: 20, maxReceivers: 260, warmUpMs: 3_000, windowMs: 8_000 };
const KNEE_QUOTA = 0.25;
// Scaling runs give each worker its own, smaller quota so that two workers' knee stays within what the bots
// (which share these 2 cores) can generate.
const SCALING_QUOTA = 0.15;
const JOINS = QUICK ? 5 : 20;
const BROWSER_LIKE_RECEIVERS = QUICK ? 10 : 100;
const IDLE_SOCKETS = QUICK ? 100 : 500;

async function main(): Promise<void> {
  const startedAt = new Date();
  await cleanLeftovers({ networks: [JANUS_NETWORK] });
  const forwarding = { steps: FORWARDING_STEPS, warmUpMs: 4_000, windowMs: WINDOW_MS };

  progress('phase', { name: 'forwarding', sfu: 'huddle' });
  const huddleForwarding = await runForwarding(new HuddleUnderTest(), forwarding);
  progress('phase', { name: 'forwarding', sfu: 'janus' });
  const janusForwarding = await runForwarding(new JanusUnderTest(), forwarding);

  // The same at one N with receivers that negotiate what browsers do (RTX, NACK, transport-cc, extensions).
  const browserLike = { steps: [BROWSER_LIKE_RECEIVERS], warmUpMs: 4_000, windowMs: WINDOW_MS };
  progress('phase', { name: 'forwarding-browser-like', sfu: 'huddle' });
  const huddleBrowserLike = await runForwarding(new HuddleUnderTest({ browserLikeReceivers: true }), browserLike);
  progress('phase', { name: 'forwarding-browser-like', sfu: 'janus' });
  const janusBrowserLike = await runForwarding(new JanusUnderTest({ browserLikeReceivers: true }), browserLike);

  progress('phase', { name: 'knee', sfu: 'huddle' });
  // Huddle's knee lies far beyond Janus's: coarser steps keep its search within the time budget.
  const huddleKnee = await runKnee(new HuddleUnderTest(), {
    ...KNEE,
    step: KNEE.step * 2,
    maxReceivers: KNEE.maxReceivers * 2,
    cpuQuota: KNEE_QUOTA,
  });
  progress('phase', { name: 'knee', sfu: 'janus' });
  const janusKnee = await runKnee(new JanusUnderTest(), { ...KNEE, cpuQuota: KNEE_QUOTA });

  progress('phase', { name: 'scaling' });
  const oneWorker = await runKnee(new HuddleUnderTest({ workers: 1, quotaPerWorker: true }), {
    ...KNEE,
    cpuQuota: SCALING_QUOTA,
  });
  // The room spills onto worker 1 once worker 0 holds 20 consumers; from then on each new peer goes to the
  // router whose worker holds fewer, so the receivers split evenly.
  const twoWorkers = await runKnee(new HuddleUnderTest({ workers: 2, consumerBudget: 20, quotaPerWorker: true }), {
    ...KNEE,
    maxReceivers: KNEE.maxReceivers * 2,
    step: KNEE.step * 2,
    cpuQuota: SCALING_QUOTA,
    groups: 2,
  });

  progress('phase', { name: 'join-speed' });
  const joinSpeed = await runJoinSpeed({ publishers: 5, joins: JOINS });
  progress('phase', { name: 'signaling' });
  const signaling = await runSignalingLatency({ idleSockets: IDLE_SOCKETS, rooms: 20, requests: 500 });

  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown CPU',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node: process.versions.node,
    },
    settings: {
      stream:
        'ffmpeg testsrc2 640×360 → VP8 ~500 kbit/s + Opus sine, one publisher over node-datachannel (no simulcast)',
      forwardingSteps: FORWARDING_STEPS,
      windowSeconds: WINDOW_MS / 1000,
      kneeQuota: KNEE_QUOTA,
    },
    huddle: { name: 'Huddle', forwarding: huddleForwarding, knee: huddleKnee, browserLike: huddleBrowserLike },
    janus: { name: 'Janus 1.1.2', forwarding: janusForwarding, knee: janusKnee, browserLike: janusBrowserLike },
    scaling: { quotaPerWorker: SCALING_QUOTA, oneWorker, twoWorkers },
    joinSpeed,
    signaling,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}results.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${RESULTS_DIR}cpu-per-subscriber.svg`, cpuPerSubscriberChart([results.huddle, results.janus]));
  writeFileSync(`${RESULTS_DIR}report.md`, markdownReport(results));
  progress('done', { report: `${RESULTS_DIR}report.md`, minutes: (results.durationSeconds / 60).toFixed(1) });
}

runBench(main, [JANUS_NETWORK]);
