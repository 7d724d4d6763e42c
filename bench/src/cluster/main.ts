// `npm run bench:cluster`: what spreading meetings over nodes costs and gains — the cross-node hop (CPU per
// subscriber, added latency) and the capacity of 1, 2 and 3 nodes each in its own CPU quota; prints the report and
// writes bench/results/cluster.{md,json}. Progress goes to stderr; nothing is left running afterwards.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkNothingLeft, cleanLeftovers } from '../leftovers.js';
import { progress } from '../progress.js';
import { teardown } from '../teardown.js';
import { parseClusterBenchArgs, USAGE, type ClusterBenchArgs } from './args.js';
import { CLUSTER_BENCH_PROCESSES, HEARTBEAT_SECONDS } from './benchCluster.js';
import { runCapacity, type CapacityResult } from './capacity/capacityPhase.js';
import { runHop } from './hop/hopPhase.js';
import { CRITERION } from './quality.js';
import { clusterMarkdown } from './report.js';
import type { ClusterBenchResults } from './results.js';

type Timing = { warmUpMs: number; windowMs: number; maxPerRoom: number };
const FULL: Timing = { warmUpMs: 4_000, windowMs: 12_000, maxPerRoom: 60 };
const QUICK: Timing = { warmUpMs: 2_000, windowMs: 4_000, maxPerRoom: 6 };
/** One meeting per node: each publisher is an ffmpeg encoding three layers (~11 % of a core), see the README. */
const ROOMS_PER_NODE = 1;

async function runAll(args: ClusterBenchArgs): Promise<void> {
  const startedAt = new Date();
  const timing = args.quick ? QUICK : FULL;
  await cleanLeftovers({ networks: [], processes: CLUSTER_BENCH_PROCESSES });
  const results: ClusterBenchResults = {
    startedAt: startedAt.toISOString(),
    durationSeconds: 0,
    quick: args.quick,
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown CPU',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node: process.versions.node,
    },
    settings: {
      heartbeatSeconds: HEARTBEAT_SECONDS,
      warmUpSeconds: timing.warmUpMs / 1000,
      windowSeconds: timing.windowMs / 1000,
      capacity: {
        cpuQuota: args.quota,
        roomsPerNode: ROOMS_PER_NODE,
        stepPerRoom: args.step,
        maxPerRoom: timing.maxPerRoom,
        criterion: CRITERION,
      },
    },
    errors: [],
  };
  // A phase that fails is reported as such; the others still run.
  const attempt = async (name: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress('phase.failed', { name, error: message });
      results.errors.push(`${name}: ${message}`);
      process.exitCode = 1;
    }
  };
  if (args.phases.includes('hop')) {
    progress('phase', { name: 'hop', subscribers: args.subscribers });
    await attempt('hop', async () => {
      results.hop = await runHop({ subscribers: args.subscribers, ...timing });
    });
  }
  if (args.phases.includes('capacity')) {
    const runs: CapacityResult[] = [];
    results.capacity = runs;
    for (const nodes of [1, 2, 3]) {
      progress('phase', { name: 'capacity', nodes, quota: args.quota });
      await attempt(`capacity with ${nodes} node${nodes === 1 ? '' : 's'}`, async () => {
        const options = { nodes, cpuQuota: args.quota, roomsPerNode: ROOMS_PER_NODE, stepPerRoom: args.step };
        runs.push(await runCapacity({ ...options, ...timing }));
      });
    }
  }
  results.durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
  const report = clusterMarkdown(results);
  const dir = fileURLToPath(new URL(`../../results/${args.quick ? 'quick/' : ''}`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}cluster.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${dir}cluster.md`, report);
  process.stdout.write(report);
  progress('done', { report: `${dir}cluster.md`, minutes: (results.durationSeconds / 60).toFixed(1) });
}

async function main(): Promise<void> {
  let args: ClusterBenchArgs;
  try {
    args = parseClusterBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench:cluster: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.phases.includes('capacity') && process.getuid?.() !== 0) {
    process.stderr.write(
      'bench:cluster must run as root for its capacity phase: it puts each node into its own cgroup CPU quota.\n',
    );
    process.exitCode = 1;
    return;
  }
  try {
    await runAll(args);
  } finally {
    await teardown();
    await checkNothingLeft([]);
  }
}

main()
  .catch((error: unknown) => {
    progress('failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
  })
  .finally(() => process.exit());
