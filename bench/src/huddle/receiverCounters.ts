import type { Participant } from '@huddle/testkit';
import type { ReceiverCounters } from '../sfuUnderTest.js';

/** One test kit participant's cumulative receive counters, summed over every stream it gets. */
export async function receiverCounters(participant: Participant): Promise<ReceiverCounters> {
  const { inbound } = await participant.stats();
  const counters: ReceiverCounters = { id: participant.peerId, packets: 0, bytes: 0, expected: 0, lost: 0, streams: 0 };
  for (const stream of inbound) {
    counters.packets += stream.packets;
    counters.bytes += stream.bytes;
    counters.lost += stream.packetsLost;
    counters.expected += stream.packets + stream.packetsLost;
    counters.streams += stream.packets > 0 ? 1 : 0;
  }
  return counters;
}
