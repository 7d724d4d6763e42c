// `npm run bench:network`: three Chromium participants in a Huddle call, one of them behind an impaired link (rate
// caps, loss, UDP blocked); writes bench/results/network.{md,json}. Progress goes to stderr; nothing is left
// running afterwards, even on failure or Ctrl+C.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkNothingLeft, cleanLeftovers } from '../leftovers.js';
import { progress } from '../progress.js';
import { teardown } from '../teardown.js';
import { parseNetworkBenchArgs, USAGE, type NetworkBenchArgs } from './args.js';
import { NetworkCall } from './call.js';
import { checkCap, type CapCheck } from './capCheck.js';
import { LinkShaper } from './linkShaper.js';
import { networkMarkdown } from './markdown.js';
import { VIEWPORT } from './meetingPage.js';
import { measureReference } from './reference.js';
import type { NetworkBenchResults, ScenarioResult } from './results.js';
import { FULL_TIMING, QUICK_TIMING, runScenario } from './runScenario.js';
import { capsOf, selectScenarios, type Scenario } from './scenarios.js';
import { TBF_LATENCY_MS } from './tbf.js';
import { NETBENCH_NETWORK, NETBENCH_PROCESSES, setUpNetwork } from './topology.js';
import { sfuOffersIceServers } from './turnProbe.js';

function resultsDir(args: NetworkBenchArgs): string {
  const sub = args.quick ? 'quick/' : args.scenarios.length > 0 ? 'partial/' : '';
  return fileURLToPath(new URL(`../../results/${sub}`, import.meta.url));
}

function summary(result: ScenarioResult): Record<string, string | number | undefined> {
  const videos = result.window?.received.videos ?? [];
  return {
    name: result.name,
    status: result.status,
    fps: videos.map((video) => video.fps.toFixed(1)).join('/') || undefined,
    width: videos.map((video) => video.widthMedian).join('/') || undefined,
    downKbps: result.window ? Math.round(result.window.link.downKbps) : undefined,
    targets: result.checks.length === 0 ? undefined : result.checks.every((check) => check.pass) ? 'PASS' : 'FAIL',
    reason: result.reason,
  };
}

function failed(scenario: Scenario, reason: string): ScenarioResult {
  return { name: scenario.name, title: scenario.title, impairment: '—', status: 'failed', reason, checks: [] };
}

async function runAll(args: NetworkBenchArgs, scenarios: readonly Scenario[]): Promise<void> {
  const startedAt = new Date();
  const timing = args.quick ? QUICK_TIMING : FULL_TIMING;
  await cleanLeftovers({ networks: [NETBENCH_NETWORK], processes: NETBENCH_PROCESSES });
  await setUpNetwork();
  const shaper = new LinkShaper(NETBENCH_NETWORK);
  const caps: CapCheck[] = [];
  for (const cap of capsOf(scenarios)) caps.push(await checkCap(shaper, NETBENCH_NETWORK, cap.direction, cap.kbps));
  const call = await NetworkCall.start(shaper, args.dpr);
  const iceServersOffered = await sfuOffersIceServers(call.sfu.wsUrl);
  progress('turn.probe', { iceServersOffered });
  const reference = await measureReference(call, timing);
  const results: ScenarioResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    progress('scenario.start', { name: scenario.name, step: `${index + 1}/${scenarios.length}` });
    let result: ScenarioResult;
    let broken: string | undefined;
    try {
      result = await runScenario(scenario, { call, timing, reference: reference.layers, iceServersOffered });
    } catch (error) {
      result = failed(scenario, error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
      // The next scenario needs a working call.
      broken = await call.shaper
        .clear()
        .then(() => call.waitForMedia())
        .then(
          () => undefined,
          (reason: unknown) => (reason instanceof Error ? reason.message : String(reason)),
        );
    }
    results.push(result);
    progress('scenario.done', summary(result));
    if (broken !== undefined) {
      const reason = `not run: the call stopped working after ${scenario.name} (${broken})`;
      results.push(...scenarios.slice(index + 1).map((next) => failed(next, reason)));
      break;
    }
  }
  const output: NetworkBenchResults = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    quick: args.quick,
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown CPU',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node: process.versions.node,
      chromium: call.chromiumVersion(),
    },
    settings: {
      warmUpSeconds: timing.warmUpMs / 1000,
      windowSeconds: timing.windowMs / 1000,
      viewport: `${VIEWPORT.width}×${VIEWPORT.height} CSS px at device pixel ratio ${args.dpr}`,
      tbf: `tbf, queue latency ${TBF_LATENCY_MS} ms, burst max(20 ms of the rate, 2 packets)`,
      iceServersOffered,
    },
    caps,
    reference: reference.result,
    scenarios: results,
  };
  await call.stop();
  const dir = resultsDir(args);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}network.json`, `${JSON.stringify(output, null, 2)}\n`);
  writeFileSync(`${dir}network.md`, networkMarkdown(output));
  progress('done', { report: `${dir}network.md`, minutes: (output.durationSeconds / 60).toFixed(1) });
}

async function main(): Promise<void> {
  let args: NetworkBenchArgs;
  let scenarios: Scenario[];
  try {
    args = parseNetworkBenchArgs(process.argv.slice(2));
    scenarios = selectScenarios(args.scenarios, args.quick);
  } catch (error) {
    process.stderr.write(`bench:network: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (process.getuid?.() !== 0) {
    process.stderr.write(
      'bench:network must run as root: it creates a network namespace, shapes a veth pair with tc and filters ' +
        'packets with nftables. Run it again as root (e.g. sudo npm run bench:network).\n',
    );
    process.exitCode = 1;
    return;
  }
  try {
    await runAll(args, scenarios);
  } finally {
    await teardown();
    await checkNothingLeft([NETBENCH_NETWORK]);
  }
}

main()
  .catch((error: unknown) => {
    progress('failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
  })
  .finally(() => process.exit());
