import { cpus } from 'node:os';
import { measureTree } from '../measure/treeUsage.js';
import type { PageSamples, WindowSamples } from './analyzeWindow.js';
import type { NetworkCall } from './call.js';
import { busyPercent, loadAverage1m, readCpuTimes } from './machineLoad.js';
import type { MeetingPage } from './meetingPage.js';

/** One snapshot of every page per this interval. */
export const SAMPLE_INTERVAL_MS = 1000;

const sleepUntil = (at: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(at - Date.now(), 0)));

/**
 * Snapshots the pages once per SAMPLE_INTERVAL_MS for `durationMs` (first snapshot at once, last at the end), or
 * until `done` says so after a round. Pages are read in parallel, so a round is one moment.
 */
export async function samplePages(
  pages: readonly { page: MeetingPage; impaired: boolean }[],
  durationMs: number,
  done?: (samples: PageSamples[]) => boolean,
): Promise<PageSamples[]> {
  const samples: PageSamples[] = pages.map(({ page, impaired }) => ({ name: page.name, impaired, snapshots: [] }));
  const started = Date.now();
  for (let round = 0; ; round++) {
    const snapshots = await Promise.all(pages.map(({ page }) => page.snapshot()));
    snapshots.forEach((snapshot, index) => samples[index]?.snapshots.push(snapshot));
    if (done?.(samples)) return samples;
    const next = started + (round + 1) * SAMPLE_INTERVAL_MS;
    if (next > started + durationMs) return samples;
    await sleepUntil(next);
  }
}

/** A measuring window: every page sampled, plus the veth pair's counters and the machine's load. */
export async function sampleWindow(call: NetworkCall, durationMs: number): Promise<WindowSamples> {
  const pids = call.pids();
  const linkBefore = call.shaper.bytes();
  const cpuBefore = readCpuTimes();
  const [pages, hostBrowser, impairedBrowser, sfu, bench] = await Promise.all([
    samplePages(
      call.pages.map((page) => ({ page, impaired: page === call.impaired })),
      durationMs,
    ),
    measureTree(() => [pids.hostBrowser], { windowMs: durationMs }),
    measureTree(() => [pids.impairedBrowser], { windowMs: durationMs }),
    measureTree(() => [pids.sfu], { windowMs: durationMs }),
    // This process and everything it started (browsers, SFU, the tsx runner's esbuild).
    measureTree(() => [process.pid], { windowMs: durationMs }),
  ]);
  const machineBusyPercent = busyPercent(cpuBefore, readCpuTimes());
  return {
    pages,
    link: { before: linkBefore, after: call.shaper.bytes(), loss: await call.shaper.loss() },
    load: {
      loadAverage1m: loadAverage1m(),
      machineBusyPercent,
      hostBrowserCpuPercent: hostBrowser.cpuPercent,
      impairedBrowserCpuPercent: impairedBrowser.cpuPercent,
      sfuCpuPercent: sfu.cpuPercent,
      othersCpuPercent: Math.max(machineBusyPercent * cpus().length - bench.cpuPercent, 0),
    },
  };
}
