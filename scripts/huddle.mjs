#!/usr/bin/env node
// The two entry points a fresh clone needs: `npm start` and `npm test` (plus `npm run setup`).
// Each sets up whatever is missing (Debian packages, pnpm, dependencies, the mediasoup worker), then acts.
import {
  ensurePackages,
  benchPackages,
  browserTestPackages,
  serviceTestPackages,
  networkBenchPackages,
  workerBuildPackages,
} from './setup/apt.mjs';
import { ensurePnpm, pnpm } from './setup/pnpm.mjs';
import { ensureWorker } from './setup/worker.mjs';
import { run } from './setup/run.mjs';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { localStateDir, repoRoot } from './setup/paths.mjs';
import { SetupError, elapsed, step } from './setup/log.mjs';

const usage =
  'usage: node scripts/huddle.mjs <setup|start|cluster|test|bench|bench:webinar|bench:meeting|bench:network|bench:join|bench:cluster|soak> [-- args passed to the SFU, vitest or the benchmark]';

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new SetupError('node', `Huddle needs Node.js >= 20.19 (this is ${process.versions.node})`);
  }
}

async function pnpmStep(pnpmEntry, title, args, env) {
  step(title);
  const code = await pnpm(pnpmEntry, args, { cwd: repoRoot, env });
  if (code !== 0) throw new SetupError(title, `pnpm ${args.join(' ')} exited with ${code}`);
}

async function setup({ browser }) {
  const startedAt = Date.now();
  checkNode();
  step('Checking Debian packages');
  await ensurePackages(
    browser ? [...workerBuildPackages, ...browserTestPackages, ...serviceTestPackages] : workerBuildPackages,
  );
  const pnpmEntry = await ensurePnpm();
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  await pnpmStep(pnpmEntry, 'Installing dependencies (pnpm install)', ['install', ...frozen, '--prefer-offline']);
  await ensureWorker();
  await pnpmStep(pnpmEntry, 'Building (TypeScript + web app)', ['run', 'build']);
  step(`Setup done in ${elapsed(startedAt)}`);
  return pnpmEntry;
}

async function runTests(pnpmEntry, extra) {
  const report = join(localStateDir, 'vitest-report.json');
  await rm(report, { force: true });
  const code = await pnpm(
    pnpmEntry,
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
    { cwd: repoRoot },
  );
  if (existsSync(report)) {
    const { numPassedTests, numFailedTests, numPendingTests, numFailedTestSuites } = JSON.parse(
      await readFile(report, 'utf8'),
    );
    // A file whose setup fails reports its tests as skipped, not failed: count such files as failures.
    const failed = numFailedTests > 0 ? numFailedTests : numFailedTestSuites;
    process.stdout.write(`\nvitest: ${numPassedTests} passed, ${failed} failed, ${numPendingTests} skipped\n`);
  }
  return code;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const extra = rest[0] === '--' ? rest.slice(1) : rest;
  switch (command) {
    case 'setup':
      await setup({ browser: true });
      return 0;
    case 'start': {
      await setup({ browser: false });
      step('Starting Huddle (Ctrl+C to stop)');
      return run(process.execPath, ['--enable-source-maps', 'apps/sfu/dist/main.js', ...extra], {
        cwd: repoRoot,
        forwardSignals: true,
      });
    }
    case 'cluster': {
      await setup({ browser: false });
      await ensurePackages(serviceTestPackages);
      step('Starting a local cluster: Redis, PostgreSQL, HAProxy on :3000, nodes on :3001… (Ctrl+C stops everything)');
      return run(process.execPath, ['--enable-source-maps', 'libs/testkit/dist/cluster/cli.js', ...extra], {
        cwd: repoRoot,
        forwardSignals: true,
      });
    }
    case 'test': {
      const pnpmEntry = await setup({ browser: true });
      await pnpmStep(pnpmEntry, 'Lint and format check', ['run', 'lint']);
      step('Running the test suite (vitest)');
      return runTests(pnpmEntry, extra);
    }
    case 'bench': {
      const pnpmEntry = await setup({ browser: false });
      await ensurePackages(benchPackages);
      step('Benchmark: Huddle vs Janus (about 15 minutes; report in bench/results/)');
      return pnpm(pnpmEntry, ['exec', 'tsx', 'bench/src/main.ts'], { cwd: repoRoot });
    }
    case 'bench:webinar':
    case 'bench:meeting': {
      // cgroup CPU quotas (and Janus's network namespace) need root: say so before spending minutes on setup.
      if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        throw new SetupError(
          command,
          `it must run as root (the SFU runs in a cgroup CPU quota): sudo npm run ${command}`,
        );
      }
      const pnpmEntry = await setup({ browser: false });
      await ensurePackages(benchPackages);
      const webinar = command === 'bench:webinar';
      step(
        webinar
          ? 'Webinar benchmark: viewers per worker core, 1 and 2 workers (about 12 minutes; report in bench/results/webinar.md)'
          : 'Meeting benchmark: N participants all publishing and all watching, Huddle vs Janus (about 15 minutes; report in bench/results/meeting.md)',
      );
      const script = webinar ? 'bench/src/webinar/main.ts' : 'bench/src/meeting/main.ts';
      return pnpm(pnpmEntry, ['exec', 'tsx', script, ...extra], { cwd: repoRoot });
    }
    case 'soak': {
      const pnpmEntry = await setup({ browser: false });
      await ensurePackages(['ffmpeg']);
      step('Soak: churn against a real SFU (npm run soak -- --minutes M)');
      return pnpm(pnpmEntry, ['exec', 'tsx', 'bench/src/soak/main.ts', ...extra], { cwd: repoRoot });
    }
    case 'bench:network': {
      // Namespaces, tc and nftables need root: say so before spending minutes on setup.
      if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        throw new SetupError(
          'bench:network',
          'it must run as root (it creates a network namespace, shapes a veth pair with tc and filters packets with nftables): sudo npm run bench:network',
        );
      }
      const pnpmEntry = await setup({ browser: false });
      await ensurePackages(networkBenchPackages);
      step(
        'Network benchmark: 3 Chromium participants, one behind an impaired link (about 10 minutes; report in bench/results/)',
      );
      return pnpm(pnpmEntry, ['exec', 'tsx', 'bench/src/network/main.ts', ...extra], { cwd: repoRoot });
    }
    case 'bench:cluster': {
      // Each node goes into its own cgroup CPU quota: say so before spending minutes on setup.
      if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        throw new SetupError(
          'bench:cluster',
          'it must run as root (it puts each node into its own cgroup CPU quota): sudo npm run bench:cluster',
        );
      }
      const pnpmEntry = await setup({ browser: false });
      // The cluster's Redis, PostgreSQL and HAProxy (the bench starts its own), ffmpeg for the publishers.
      await ensurePackages(['redis-server', 'postgresql', 'haproxy', 'ffmpeg']);
      step(
        'Cluster benchmark: cross-node hop, then capacity of 1, 2 and 3 nodes under CPU quotas (about 20 minutes; report in bench/results/)',
      );
      return pnpm(pnpmEntry, ['exec', 'tsx', 'bench/src/cluster/main.ts', ...extra], { cwd: repoRoot });
    }
    case 'bench:join': {
      const pnpmEntry = await setup({ browser: true });
      step('Join speed: page open → first remote video frame in Chromium (about 2 minutes)');
      return pnpm(pnpmEntry, ['exec', 'tsx', 'test/bench/joinSpeed.ts', ...extra], { cwd: repoRoot });
    }
    default:
      process.stderr.write(`${usage}\n`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const message = error instanceof SetupError ? error.message : (error?.stack ?? String(error));
    process.stderr.write(`\n[huddle] FAILED — ${message}\n`);
    process.exit(1);
  },
);
