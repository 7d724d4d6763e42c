// Benchmark: join → first decoded frame in Debian's Chromium, and mediasoup worker CPU for a 3-party call.
// Prints numbers; asserts nothing. Run: pnpm bench:join [joins]
import { performance } from 'node:perf_hooks';
import { joinAsParticipant, launchChromium, type Participant } from '../support/browser.js';
import { mediaDump } from '../support/mediaDump.js';
import { cpuPercent } from '../support/processCpu.js';
import { startSfu } from '../support/sfuProcess.js';

const JOINS = Number(process.argv[2] ?? 12);
const CPU_WINDOW_SECONDS = 10;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function waitForFirstFrame(participant: Participant): Promise<void> {
  for (;;) {
    const stats = await participant.stats();
    if (stats.some((entry) => entry.kind === 'video' && entry.framesDecoded > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function main(): Promise<void> {
  const sfu = await startSfu({ workers: 1, env: { HUDDLE_RECONNECT_GRACE_MS: '1000' } });
  const browser = await launchChromium();
  try {
    const ann = await joinAsParticipant(browser, sfu.url, 'bench', 'Ann');
    const bob = await joinAsParticipant(browser, sfu.url, 'bench', 'Bob');
    await waitForFirstFrame(ann);

    const samples: number[] = [];
    for (let run = 0; run < JOINS; run += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let socketOpenedAt = 0;
      page.on('websocket', () => {
        socketOpenedAt = performance.now();
      });
      await page.goto(`${sfu.url}/bench?name=Joiner${run}&testHooks=1`);
      await page.waitForFunction('window.__huddleTest !== undefined');
      for (;;) {
        const decoded = await page.evaluate(
          "window.__huddleTest.stats().then((all) => all.some((s) => s.kind === 'video' && (s.framesDecoded ?? 0) > 0))",
        );
        if (decoded === true) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      samples.push(performance.now() - socketOpenedAt);
      await context.close();
    }
    samples.sort((a, b) => a - b);

    const cat = await joinAsParticipant(browser, sfu.url, 'bench', 'Cat');
    await waitForFirstFrame(cat);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const workerPids = (await mediaDump(sfu)).workers.map((worker) => worker.pid);
    const workerCpu = await cpuPercent(workerPids, CPU_WINDOW_SECONDS);
    const sfuCpu = await cpuPercent([sfu.child.pid ?? 0], CPU_WINDOW_SECONDS);
    for (const participant of [ann, bob, cat]) await participant.close();

    const round = (value: number): number => Math.round(value);
    process.stdout.write(
      [
        `join → first decoded frame (WebSocket open → framesDecoded > 0, room with 2 publishers, ${JOINS} joins):`,
        `  p50 ${round(percentile(samples, 50))} ms, p95 ${round(percentile(samples, 95))} ms, min ${round(samples[0] ?? 0)} ms, max ${round(samples.at(-1) ?? 0)} ms`,
        `3-party call (each: VP8 3-layer simulcast 1280x720 + Opus), ${CPU_WINDOW_SECONDS} s windows:`,
        `  mediasoup worker CPU ${workerCpu.toFixed(1)} % of a core, SFU Node process ${sfuCpu.toFixed(1)} %`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await sfu.stop();
  }
}

await main();
