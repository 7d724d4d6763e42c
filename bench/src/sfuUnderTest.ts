/**
 * What the bench drives, the same way for every SFU: one publisher (ffmpeg's VP8 + Opus over node-datachannel)
 * and N receiving bots in the same process as the bench, the SFU in its own process(es).
 */
export type StartSfuOptions = {
  /** Cap the SFU to this share of one core with a cgroup CPU quota (e.g. 0.25); uncapped when absent. */
  cpuQuota?: number;
  /** The quota's CFS period in µs (default the kernel's 100 ms): the longest the SFU stalls once it used its share. */
  cpuPeriodUs?: number;
};

/** One receiving bot's cumulative counters over all the streams it receives, since it joined. */
export type ReceiverCounters = {
  id: string;
  /** RTP packets received, and their payload bytes (headers and padding excluded, as WebRTC's bytesReceived). */
  packets: number;
  bytes: number;
  /** Packets the SFU sent (highest − first sequence number + 1, RFC 3550), i.e. packets + lost. */
  expected: number;
  /** Sequence numbers skipped and never filled, summed over streams (expected − received). */
  lost: number;
  /** Streams seen (2 when both audio and video arrive). */
  streams: number;
};

export interface SfuUnderTest {
  readonly name: string;
  /** Root pids of the SFU's processes: measure them with their descendants. Empty when not running. */
  pids(): number[];
  /** Starts the SFU (and anything it needs, such as a network namespace). */
  start(options?: StartSfuOptions): Promise<void>;
  /** Stops everything start() and the bots created; idempotent; leaves no process, namespace or cgroup. */
  stop(): Promise<void>;
  /** Starts the one publisher; resolves once the SFU receives its media. */
  startPublisher(): Promise<void>;
  /** Adds `count` receivers; resolves once each one receives media. */
  addReceivers(count: number): Promise<void>;
  receiverStats(): Promise<ReceiverCounters[]>;
  /** Closes every receiver (the publisher stays). */
  removeReceivers(): Promise<void>;
}
