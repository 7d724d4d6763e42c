import { SIMULCAST_LAYERS, type Participant } from '@huddle/testkit';
import type { BenchCluster } from '../benchCluster.js';
import { groupFailures, groupQuality, nodeAtQuota, type GroupQuality } from '../quality.js';
import { receiverCounters } from '../../huddle/receiverCounters.js';
import { measureCluster, type ClusterUsage } from '../usage.js';

/** The test kit's Opus bitrate. */
const OPUS_KBPS = 32;
/**
 * What a subscriber should get: the camera's top simulcast layer (mediasoup forwards it as it is to a bare-RTP
 * receiver: no bandwidth estimation) and the mic — 532 kbit/s; ~550 of payload arrive when all is well.
 */
export const EXPECTED_SUBSCRIBER_KBPS = (SIMULCAST_LAYERS.at(-1)?.bitrate ?? 0) / 1000 + OPUS_KBPS;
/** What a publisher sends: its three layers and the mic (812 kbit/s; ffmpeg sends a few % more). */
export const NOMINAL_PUBLISHER_KBPS =
  SIMULCAST_LAYERS.reduce((sum, layer) => sum + layer.bitrate, 0) / 1000 + OPUS_KBPS;
/** A publisher sending less than this share of its nominal rate is short of CPU: the generator's, not a node's. */
const PUBLISHER_SHORT_SHARE = 0.9;

/** One meeting in one window. */
export type RoomWindow = {
  room: string;
  node: number;
  subscribers: number;
  /** It grew in this step (the others stopped growing earlier and are not judged). */
  growing: boolean;
  quality: GroupQuality;
  /** Why it fails the criterion (empty: it passes). */
  failures: string[];
  /** What its publisher sent (camera, all layers, + mic), kbit/s. */
  publisherKbps: number;
  /**
   * Its node was at its quota (nodeAtQuota) while its publisher sent at full rate: a failure then is the node's.
   */
  atQuota: boolean;
};

/** One measuring window of the capacity search. */
export type CapacityWindow = {
  step: number;
  /** 1 for a step's first window; more when a meeting had to be measured again. */
  window: number;
  usage: ClusterUsage;
  rooms: RoomWindow[];
};

type MeetingView = { room: string; node: number; publisher: Participant; subscribers: readonly Participant[] };

/** Measures every meeting over one window and judges the growing ones against the criterion. */
export async function measureWindow(
  cluster: BenchCluster,
  meetings: readonly MeetingView[],
  growing: readonly MeetingView[],
  context: { windowMs: number; step: number; window: number; cpuQuota: number },
): Promise<CapacityWindow> {
  const read = (): Promise<Array<Awaited<ReturnType<typeof receiverCounters>>[]>> =>
    Promise.all(meetings.map((meeting) => Promise.all(meeting.subscribers.map(receiverCounters))));
  const sent = async (): Promise<number[]> => {
    const stats = await Promise.all(meetings.map((meeting) => meeting.publisher.stats()));
    return stats.map((entry) => entry.outbound.reduce((sum, stream) => sum + stream.bytes, 0));
  };
  const [before, sentBefore] = await Promise.all([read(), sent()]);
  const usage = await measureCluster(cluster, context.windowMs);
  const [after, sentAfter] = await Promise.all([read(), sent()]);
  const seconds = usage.windowMs / 1000;
  return {
    step: context.step,
    window: context.window,
    usage,
    rooms: meetings.map((meeting, index) => {
      const quality = groupQuality(before[index] ?? [], after[index] ?? [], seconds);
      const isGrowing = growing.includes(meeting);
      const publisherKbps = (((sentAfter[index] ?? 0) - (sentBefore[index] ?? 0)) * 8) / seconds / 1000;
      const node = {
        cpuPercent: usage.nodes[meeting.node] ?? 0,
        throttledShare: usage.throttledShare[meeting.node] ?? 0,
      };
      return {
        room: meeting.room,
        node: meeting.node,
        subscribers: meeting.subscribers.length,
        growing: isGrowing,
        quality,
        failures: isGrowing ? groupFailures(quality, EXPECTED_SUBSCRIBER_KBPS) : [],
        publisherKbps,
        atQuota: nodeAtQuota(node, context.cpuQuota) && publisherKbps >= NOMINAL_PUBLISHER_KBPS * PUBLISHER_SHORT_SHARE,
      };
    }),
  };
}
