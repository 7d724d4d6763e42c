// How long each @huddle/services program takes to start (until ready), restart and stop on this machine.
// Prints numbers and asserts nothing: `pnpm bench:services [runs]` (default 5 runs each).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCoturn, startHaproxy, startPostgres, startRedis, type RunningService } from '@huddle/services';

type Measured = { start: number[]; stop: number[] };

const runs = Number(process.argv[2] ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: startTimes.ts [runs ≥ 1]\n');
  process.exit(2);
}

const starters: Record<string, () => Promise<RunningService>> = {
  redis: () => startRedis(),
  'postgres (initdb)': () => startPostgres({ fsync: false }),
  haproxy: () => startHaproxy({ backends: [{ name: 'a', host: '127.0.0.1', port: 9 }] }),
  coturn: () => startCoturn(),
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const results = new Map<string, Measured>();
for (const [name, start] of Object.entries(starters)) {
  const measured: Measured = { start: [], stop: [] };
  for (let run = 0; run < runs; run += 1) {
    const startedAt = performance.now();
    const service = await start();
    measured.start.push(performance.now() - startedAt);
    const stoppingAt = performance.now();
    await service.stop();
    measured.stop.push(performance.now() - stoppingAt);
  }
  results.set(name, measured);
  process.stdout.write(`measured ${name}\n`);
}

// A second start on an existing cluster skips initdb.
const reusedDir = await mkdtemp(join(tmpdir(), 'huddle-bench-pg-'));
await chmod(reusedDir, 0o755);
await (await startPostgres({ fsync: false, dataDir: join(reusedDir, 'data') })).stop();
const reused: Measured = { start: [], stop: [] };
for (let run = 0; run < runs; run += 1) {
  const startedAt = performance.now();
  const service = await startPostgres({ fsync: false, dataDir: join(reusedDir, 'data') });
  reused.start.push(performance.now() - startedAt);
  const stoppingAt = performance.now();
  await service.stop();
  reused.stop.push(performance.now() - stoppingAt);
}
results.set('postgres (reused data dir)', reused);
await rm(reusedDir, { recursive: true, force: true });

const redis = await startRedis();
const restarts: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const startedAt = performance.now();
  await redis.restart();
  restarts.push(performance.now() - startedAt);
}
await redis.stop();

const row = (cells: string[]): string => `| ${cells.join(' | ')} |\n`;
process.stdout.write(`\n${runs} runs each, milliseconds (median, min–max)\n\n`);
process.stdout.write(row(['service', 'start until ready', 'stop']) + row(['---', '---', '---']));
const format = (values: number[]): string =>
  `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
for (const [name, { start, stop }] of results) process.stdout.write(row([name, format(start), format(stop)]));
process.stdout.write(row(['redis restart()', format(restarts), '']));
