/**
 * A rate cap with Linux's token bucket filter (this kernel's tc has no netem): `tc qdisc replace dev LINK root
 * tbf rate R burst B latency L`. A packet that would wait longer than the queue's latency is dropped, as a
 * bottleneck router with a ~150 ms buffer does.
 */
export const TBF_LATENCY_MS = 150;
/** Bucket size: 20 ms of traffic at the rate, but never less than two full-size packets. */
const BURST_MS = 20;
const MIN_BURST_BYTES = 2 * 1514;

export function tbfBurstBytes(rateKbps: number): number {
  return Math.max(Math.ceil(((rateKbps * 1000) / 8) * (BURST_MS / 1000)), MIN_BURST_BYTES);
}

/** The `tc` arguments that cap `link`'s egress at `rateKbps` (1 kbit/s = 1000 bit/s, as tc counts). */
export function tbfArgs(link: string, rateKbps: number): string[] {
  if (!Number.isFinite(rateKbps) || rateKbps < 8 || rateKbps > 10_000_000) {
    throw new RangeError(`rate must be between 8 kbit/s and 10 Gbit/s, not ${rateKbps} kbit/s`);
  }
  return [
    'qdisc',
    'replace',
    'dev',
    link,
    'root',
    'tbf',
    'rate',
    `${Math.round(rateKbps * 1000)}bit`,
    'burst',
    String(tbfBurstBytes(rateKbps)),
    'latency',
    `${TBF_LATENCY_MS}ms`,
  ];
}
