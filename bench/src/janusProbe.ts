/**
 * Quick look at Janus under load: starts Janus in its namespace, one publisher, then N receivers per step, and
 * prints (one JSON line per step on stdout) Janus's CPU and memory and the receivers' loss and bitrate over a
 * window. Cleans up and checks that nothing is left; exits non-zero on failure or leftovers.
 *
 *   node_modules/.bin/tsx bench/src/janusProbe.ts [--receivers 10,50] [--seconds 15] [--quota 0.25]
 */
import { parseArgs } from 'node:util';
import { JANUS_NETWORK } from './janus/netns.js';
import { JanusUnderTest } from './janus/janusUnderTest.js';
import { checkNothingLeft, cleanLeftovers } from './leftovers.js';
import { measureWindow, sleep } from './phases/window.js';
import { progress } from './progress.js';

const WARM_UP_MS = 3000;

const { values } = parseArgs({
  options: {
    receivers: { type: 'string', default: '10,50' },
    seconds: { type: 'string', default: '15' },
    quota: { type: 'string' },
  },
});
const steps = values.receivers.split(',').map(Number);
const windowMs = Number(values.seconds) * 1000;
const cpuQuota = values.quota === undefined ? undefined : Number(values.quota);

await cleanLeftovers({ networks: [JANUS_NETWORK] });
const sfu = new JanusUnderTest();
try {
  await sfu.start({ cpuQuota });
  await sfu.startPublisher();
  for (const target of steps) {
    await sfu.addReceivers(target - (await sfu.receiverStats()).length);
    await sleep(WARM_UP_MS);
    const throttledBefore = sfu.quotaThrottling();
    const window = await measureWindow(sfu, windowMs);
    const throttledAfter = sfu.quotaThrottling();
    const throttled =
      throttledBefore && throttledAfter
        ? (throttledAfter.throttledPeriods - throttledBefore.throttledPeriods) /
          Math.max(1, throttledAfter.periods - throttledBefore.periods)
        : undefined;
    process.stdout.write(`${JSON.stringify({ sfu: sfu.name, cpuQuota, ...window, throttledPeriods: throttled })}\n`);
  }
} catch (error) {
  process.exitCode = 1;
  progress('probe.failed', { error: error instanceof Error ? error.message : String(error) });
} finally {
  await sfu.stop();
}
await checkNothingLeft([JANUS_NETWORK]);
// node-datachannel's native threads keep Node alive; its cleanup() crashes on tracks of closed connections
// (use after free in TrackWrapper::CloseAll, seen in a core dump), so the process exits instead.
process.exit();
