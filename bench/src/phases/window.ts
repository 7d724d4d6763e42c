import { measureTree } from '../measure/treeUsage.js';
import { udpReceiveBufferDrops } from '../measure/udpDrops.js';
import type { ReceiverCounters, SfuUnderTest } from '../sfuUnderTest.js';

/** What one measuring window saw: the SFU's cost and what its receivers got. */
export type WindowResult = {
  receivers: number;
  windowMs: number;
  /** The SFU's processes, % of one core. */
  cpuPercent: number;
  cpuPercentPerReceiver: number;
  rssMb: number;
  /** Media the receivers got in the window (what the SFU forwarded to them). */
  forwardedMbps: number;
  /** Average per receiver, audio + video. */
  receiverKbps: number;
  /** Lost / expected packets over all receivers in the window. */
  lossRate: number;
  /** Receivers that lost more than 1 % in the window. */
  receiversOverOnePercent: number;
  /**
   * The bench's own process (the bots: their JavaScript and libdatachannel's threads), % of one core: near 100 %
   * or more, loss may be the bots' and not the SFU's.
   */
  benchCpuPercent: number;
  /**
   * UDP datagrams dropped in the window for a full socket receive buffer, in the SFU's network namespace (the
   * SFU's sockets and, when it shares the host's namespace, the bots' too); undefined if unreadable.
   */
  udpReceiveBufferDrops?: number;
};

function byId(counters: ReceiverCounters[]): Map<string, ReceiverCounters> {
  return new Map(counters.map((entry) => [entry.id, entry]));
}

/** Measures `sfu` with its current receivers over `windowMs`. */
export async function measureWindow(
  sfu: Pick<SfuUnderTest, 'receiverStats' | 'pids'>,
  windowMs: number,
): Promise<WindowResult> {
  const before = byId(await sfu.receiverStats());
  const [sfuPid] = sfu.pids();
  const dropsBefore = sfuPid === undefined ? undefined : udpReceiveBufferDrops(sfuPid);
  const benchBefore = process.cpuUsage();
  const usage = await measureTree(() => sfu.pids(), { windowMs });
  const bench = process.cpuUsage(benchBefore);
  const dropsAfter = sfuPid === undefined ? undefined : udpReceiveBufferDrops(sfuPid);
  const after = await sfu.receiverStats();
  let bytes = 0;
  let expected = 0;
  let lost = 0;
  let overOnePercent = 0;
  for (const entry of after) {
    const start = before.get(entry.id);
    if (!start) continue;
    const windowExpected = entry.expected - start.expected;
    const windowLost = Math.max(0, entry.lost - start.lost);
    bytes += entry.bytes - start.bytes;
    expected += windowExpected;
    lost += windowLost;
    if (windowExpected > 0 && windowLost / windowExpected > 0.01) overOnePercent += 1;
  }
  const seconds = usage.windowMs / 1000;
  const receivers = after.length;
  return {
    receivers,
    windowMs: usage.windowMs,
    cpuPercent: usage.cpuPercent,
    cpuPercentPerReceiver: receivers === 0 ? 0 : usage.cpuPercent / receivers,
    rssMb: usage.rssBytesPeak / 2 ** 20,
    forwardedMbps: (bytes * 8) / seconds / 1e6,
    receiverKbps: receivers === 0 ? 0 : (bytes * 8) / seconds / 1e3 / receivers,
    lossRate: expected === 0 ? 0 : lost / expected,
    receiversOverOnePercent: overOnePercent,
    benchCpuPercent: ((bench.user + bench.system) / 1000 / usage.windowMs) * 100,
    ...(dropsBefore === undefined || dropsAfter === undefined
      ? {}
      : { udpReceiveBufferDrops: dropsAfter - dropsBefore }),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
