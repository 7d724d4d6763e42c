// `npm run soak -- --minutes M`: churn against a real SFU, printing memory, handles and media objects over time.
import { parseArgs } from 'node:util';
import { expectNoMediaLeft, startSfu } from '@huddle/testkit';
import { progress } from '../progress.js';
import { Churn } from './churn.js';
import { formatSample, growthPercent, sample, type Sample } from './samples.js';

const SAMPLE_EVERY_MS = 10_000;
const CHURN_STEP_MS = 700;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' } } });
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    process.stderr.write('usage: npm run soak -- --minutes <M>  (M > 0)\n');
    return 2;
  }
  const sfu = await startSfu({
    workers: 2,
    env: { HUDDLE_RECONNECT_GRACE_MS: '3000', HUDDLE_ROOM_EMPTY_GRACE_MS: '2000', HUDDLE_HEARTBEAT_MS: '2000' },
  });
  const startedAt = Date.now();
  const samples: Sample[] = [];
  const churn = new Churn(sfu.url);
  process.stdout.write(`soak: ${minutes} min of churn against a 2-worker SFU (pid ${sfu.pid})\n`);
  try {
    churn.start(CHURN_STEP_MS);
    while (Date.now() - startedAt < minutes * 60_000) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      const entry = await sample(sfu, startedAt);
      samples.push(entry);
      process.stdout.write(`${formatSample(entry)}\n`);
      progress('soak.sample', { ...churn.counts });
    }
    await churn.stop();
    progress('soak.churn-stopped', { ...churn.counts });
    await expectNoMediaLeft(sfu, 30_000);
    const final = await sample(sfu, startedAt);
    process.stdout.write(`final ${formatSample(final)}\n`);
    const sfuGrowth = growthPercent(samples, (entry) => entry.sfuRssMb);
    const workerGrowth = growthPercent(samples, (entry) => entry.workersRssMb);
    const heapGrowth = growthPercent(samples, (entry) => entry.sfuHeapMb);
    const externalGrowth = growthPercent(samples, (entry) => entry.sfuExternalMb);
    const leftovers = final.rooms + final.peers + final.consumers;
    process.stdout.write(
      [
        `churn: ${churn.counts.joins} joins, ${churn.counts.leaves} leaves, ${churn.counts.crashes} vanished, ${churn.counts.failures} failed steps`,
        `memory growth after warm-up: SFU ${sfuGrowth.toFixed(1)} %, workers ${workerGrowth.toFixed(1)} % (target < 5 %); SFU heap in use ${heapGrowth.toFixed(1)} %, external ${externalGrowth.toFixed(1)} %`,
        `leftovers at the end: rooms ${final.rooms}, peers ${final.peers}, consumers ${final.consumers} (target 0)`,
      ].join('\n') + '\n',
    );
    // Failed churn steps are the bots' own trouble (e.g. ffmpeg starved of CPU); the SFU is judged on the rest.
    return leftovers === 0 && sfuGrowth < 5 ? 0 : 1;
  } finally {
    await churn.stop();
    await sfu.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
