// `npm run bench:webinar`: one host publishing 3-layer simulcast + Opus to browser-like viewers (RTX, NACK,
// transport-cc negotiated; Receiver Reports and transport-cc feedback sent back), each mediasoup worker under a
// CPU quota: the knee with 1 worker, then with a room spanning 2 workers. Writes bench/results/webinar.{md,json}.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { HuddleUnderTest } from '../huddle/huddleUnderTest.js';
import { runBench, writeReport } from '../benchRun.js';
import { cleanLeftovers } from '../leftovers.js';
import { progress } from '../progress.js';
import { parseWebinarArgs } from './args.js';
import { runWebinarKnee, type WebinarKneeOptions } from './knee.js';
import { webinarMarkdown, type WebinarResults } from './report.js';

/** 90 % of what a viewer of the full stream gets: the top layer's 500 kbit/s + Opus's 32. */
const FULL_QUALITY_KBPS = 0.9 * 532;
/**
 * The quota's CFS period. With the kernel's 100 ms, a worker at 8 % runs 8 ms and then stalls 92 ms: delays the
 * viewers' transport-cc feedback reads as congestion, long before the worker is short of CPU on average. 25 ms
 * keeps each stall under 25 ms (the kernel wants at least 1 ms of quota per period: 4 % of 25 ms).
 */
const PERIOD_MS = 25;
/** Consumers on the first worker before the room spans to the second (2 per viewer: audio + video). */
const CONSUMER_BUDGET = 20;

async function main(): Promise<void> {
  const args = parseWebinarArgs(process.argv.slice(2));
  const startedAt = new Date();
  const resultsDir = fileURLToPath(new URL(args.quick ? '../../results/quick/' : '../../results/', import.meta.url));
  await cleanLeftovers({ networks: [] });
  const quotaPerWorker = args.quota ?? (args.quick ? 0.04 : 0.08);
  const step = args.step ?? 10;
  const periodMs = args.periodMs ?? PERIOD_MS;
  const base: Omit<WebinarKneeOptions, 'workers'> = {
    quotaPerWorker,
    periodUs: periodMs * 1000,
    step,
    maxViewers: args.quick ? 30 : 300,
    warmUpMs: args.quick ? 2_000 : 3_000,
    windowMs: args.quick ? 4_000 : 8_000,
    fullQualityKbps: FULL_QUALITY_KBPS,
  };
  const huddle = (workers: number): HuddleUnderTest =>
    new HuddleUnderTest({
      workers,
      quotaPerWorker: true,
      browserLikeReceivers: true,
      simulcastPublisher: true,
      webinar: true,
      ...(workers > 1 ? { consumerBudget: CONSUMER_BUDGET } : {}),
    });
  progress('phase', { name: 'webinar', workers: 1, quotaPerWorker });
  const oneWorker = await runWebinarKnee(huddle(1), { ...base, workers: 1 });
  progress('phase', { name: 'webinar', workers: 2, quotaPerWorker });
  const twoWorkers = await runWebinarKnee(huddle(2), { ...base, workers: 2, maxViewers: base.maxViewers * 2 });
  const results: WebinarResults = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    quick: args.quick,
    machine: { cpuModel: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length },
    settings: {
      stream:
        'one host (lightweight participant): ffmpeg testsrc2 VP8 simulcast 160×90 / 320×180 / 640×360 at 80 / 200 / 500 kbit/s, 15 fps, + Opus 32 kbit/s',
      viewers:
        'lightweight participants in the bench process, joined as webinar viewers (no publish grant), negotiating the router’s full capabilities (RTX, NACK, PLI, transport-cc, header extensions) and sending a Receiver Report per stream every 1 s and transport-cc feedback every 100 ms; each gets the top layer (mediasoup’s bandwidth estimate allowing) and the audio',
      quotaPerWorker,
      periodMs,
      step,
      warmUpSeconds: base.warmUpMs / 1000,
      windowSeconds: base.windowMs / 1000,
      consumerBudgetTwoWorkers: CONSUMER_BUDGET,
    },
    oneWorker,
    twoWorkers,
    targetViewersPerCore: 1000,
  };
  writeReport(resultsDir, 'webinar', results, webinarMarkdown(results));
}

runBench(main, []);
