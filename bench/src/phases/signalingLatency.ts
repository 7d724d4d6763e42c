import { SignalProbe, startSfu } from '@huddle/testkit';
import { progress } from '../progress.js';
import { onTeardown } from '../teardown.js';
import { quantile } from './stats.js';
import { sleep } from './window.js';
import { BENCH_LIMITS_ENV } from '../huddle/benchLimits.js';

const REQUEST_SPACING_MS = 25;

export type SignalingOptions = { idleSockets: number; rooms: number; requests: number };

export type SignalingResult = SignalingOptions & { p50Ms: number; p99Ms: number; maxMs: number };

/**
 * `idleSockets` joined participants without media spread over `rooms` rooms, then one more participant sends
 * `requests` requests (getChatHistory), one every 25 ms: the signaling round trip under that many sockets.
 */
export async function runSignalingLatency(options: SignalingOptions): Promise<SignalingResult> {
  const sfu = await startSfu({ env: { HUDDLE_LOG_LEVEL: 'error', ...BENCH_LIMITS_ENV } });
  const forget = onTeardown('signaling SFU', () => sfu.stop());
  const sockets: SignalProbe[] = [];
  try {
    const batch = 50;
    for (let opened = 0; opened < options.idleSockets; opened += batch) {
      const clients = await Promise.all(
        Array.from({ length: Math.min(batch, options.idleSockets - opened) }, async (_, index) => {
          const client = await SignalProbe.connect(sfu.wsUrl);
          await client.join(`idle-${(opened + index) % options.rooms}`, `idle-${opened + index}`);
          return client;
        }),
      );
      sockets.push(...clients);
    }
    progress('signaling.idle-sockets', { open: sockets.length });
    const probe = await SignalProbe.connect(sfu.wsUrl);
    sockets.push(probe);
    await probe.join('probe', 'probe');
    const latencies: number[] = [];
    for (let request = 0; request < options.requests; request += 1) {
      const startedAt = performance.now();
      await probe.request('getChatHistory', { limit: 1 });
      latencies.push(performance.now() - startedAt);
      // Stay under the per-socket rate limit (50 frames/s by default): a client, not a flood.
      await sleep(REQUEST_SPACING_MS);
    }
    return {
      ...options,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      maxMs: Math.max(...latencies),
    };
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
    await sfu.stop();
    forget();
  }
}
