// `npm run bench:join`: how long a person waits, in a warm Chromium, from opening a meeting link until the first
// remote video frame is on screen, with two participants already in the room. Prints p50/p95 and where the time
// goes (the median moment of each step, in ms since navigation start). A benchmark: it asserts nothing.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { joinParticipant, startSfu, type Participant } from '@huddle/testkit';
import { z } from 'zod';
import { launchChromium, meetingUrl } from '../support/browser.js';
import { installJoinTrace } from './joinTrace.js';

const ROOM = 'join-speed';

const { values } = parseArgs({
  options: {
    joins: { type: 'string', default: '20' },
    'warm-up': { type: 'string', default: '3' },
    /** Serve another build of the web app (e.g. an older one, to compare under the same load). */
    'web-dir': { type: 'string' },
    /** What the joiner sends: its camera and mic (as people do; the default), or nothing. */
    'joiner-media': { type: 'string', default: 'camera+mic' },
  },
});
const joins = z.coerce.number().int().min(1).max(500).parse(values.joins);
const warmUp = z.coerce.number().int().min(0).max(50).parse(values['warm-up']);
const joinerSends = z.enum(['camera+mic', 'none']).parse(values['joiner-media']) === 'camera+mic';

const traceSchema = z.object({
  events: z.array(z.object({ at: z.number(), what: z.string() })),
  firstFrameAt: z.number(),
});
type Trace = z.infer<typeof traceSchema>;

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  log(`[bench:join] starting an SFU and two participants in "${ROOM}" (mic + camera each)`);
  const webDir = values['web-dir'];
  const sfu = await startSfu({
    env: { HUDDLE_LOG_LEVEL: 'error', ...(webDir === undefined ? {} : { HUDDLE_WEB_DIR: webDir }) },
  });
  const inRoom: Participant[] = [];
  const browser = await launchChromium();
  try {
    for (const name of ['Ann', 'Bob']) {
      inRoom.push(await joinParticipant(sfu.url, ROOM, { name, publish: ['mic', 'camera'] }));
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(installJoinTrace);
    const traces: Trace[] = [];
    for (let attempt = 0; attempt < warmUp + joins; attempt += 1) {
      const warming = attempt < warmUp;
      const page = await context.newPage();
      try {
        await page.goto(meetingUrl(sfu.url, ROOM, `joiner-${attempt}`, { camera: joinerSends, mic: joinerSends }));
        await page.waitForFunction('window.__joinTrace?.firstFrameAt !== undefined', undefined, { timeout: 20_000 });
        const trace = traceSchema.parse(await page.evaluate('window.__joinTrace'));
        if (!warming) traces.push(trace);
        log(
          `[bench:join] ${warming ? 'warm-up' : `join ${attempt - warmUp + 1}/${joins}`}: first remote frame ` +
            `${Math.round(trace.firstFrameAt)} ms after navigation start`,
        );
        await page.evaluate('window.__huddleTest?.leave()');
      } finally {
        await page.close();
      }
    }
    report(traces);
  } finally {
    await browser.close();
    await Promise.all(inRoom.map((participant) => participant.leave()));
    await sfu.stop();
  }
}

function report(traces: Trace[]): void {
  const firstFrames = traces.map((trace) => trace.firstFrameAt);
  log('');
  log('[bench:join] where the time goes (median ms since navigation start, in order):');
  const byStep = new Map<string, number[]>();
  for (const trace of traces) {
    for (const event of trace.events) byStep.set(event.what, [...(byStep.get(event.what) ?? []), event.at]);
  }
  const steps = [...byStep].map(([what, at]) => ({ what, median: quantile(at, 0.5), count: at.length }));
  for (const step of steps.sort((a, b) => a.median - b.median)) {
    log(
      `  ${String(Math.round(step.median)).padStart(6)} ms  ${step.what}${step.count < traces.length ? ` (${step.count}×)` : ''}`,
    );
  }
  log('');
  log(
    `[bench:join] page open → first remote video frame over ${traces.length} joins: ` +
      `p50 ${Math.round(quantile(firstFrames, 0.5))} ms, p95 ${Math.round(quantile(firstFrames, 0.95))} ms ` +
      `(min ${Math.round(Math.min(...firstFrames))}, max ${Math.round(Math.max(...firstFrames))}; ` +
      `load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')})`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench:join] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
